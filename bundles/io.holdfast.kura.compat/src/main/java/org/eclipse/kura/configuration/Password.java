package org.eclipse.kura.configuration;

/**
 * A password attribute of a configuration. Kura hands password values to components encrypted; decrypt them with
 * {@link org.eclipse.kura.crypto.CryptoService#decryptAes(String)}.
 */
public class Password {
    private final char[] password;

    /**
     * Creates a password from a string.
     *
     * @param password
     *            the password
     */
    public Password(String password) {
        this.password = password == null ? null : password.toCharArray();
    }

    /**
     * Creates a password from characters. The array is kept, not copied.
     *
     * @param password
     *            the password
     */
    public Password(char[] password) {
        this.password = password;
    }

    /**
     * The password's characters.
     *
     * @return the characters, or {@code null}
     */
    public char[] getPassword() {
        return password;
    }

    /**
     * The password as a string, as Kura does.
     */
    @Override
    public String toString() {
        return password == null ? null : new String(password);
    }
}
