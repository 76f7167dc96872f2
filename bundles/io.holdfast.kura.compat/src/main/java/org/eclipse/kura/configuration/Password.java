package org.eclipse.kura.configuration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The value of a metatype attribute of type {@code Password}. Kura hands such values to a component encrypted: decrypt
 * them with {@code CryptoService} when one is present.
 */
@ProviderType
public class Password {
    private char[] passwordVal;

    /**
     * Creates a password from a string.
     *
     * @param password
     *            the value, or {@code null}
     */
    public Password(String password) {
        super();
        if (password != null) {
            this.passwordVal = password.toCharArray();
        }
    }

    /**
     * Creates a password from characters; the array is not copied.
     *
     * @param password
     *            the value
     */
    public Password(char[] password) {
        super();
        this.passwordVal = password;
    }

    /**
     * @return the characters (not a copy), or {@code null}
     */
    public char[] getPassword() {
        return this.passwordVal;
    }

    /**
     * @return the value as a string; as in Kura, a password without value throws {@link NullPointerException}
     */
    @Override
    public String toString() {
        return new String(this.passwordVal);
    }
}
