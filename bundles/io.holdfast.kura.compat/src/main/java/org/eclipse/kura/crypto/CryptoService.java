package org.eclipse.kura.crypto;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Kura's crypto service, as far as Holdfast uses it: the AES encryption of password attributes.
 */
@ProviderType
public interface CryptoService {

    /**
     * Decrypts a value encrypted by {@link #encryptAes(String)}.
     *
     * @param encryptedValue
     *            the encrypted value
     *
     * @return the plain value
     *
     * @throws KuraException
     *             if the value cannot be decrypted
     */
    String decryptAes(String encryptedValue) throws KuraException;

    /**
     * Encrypts a value.
     *
     * @param value
     *            the plain value
     *
     * @return the encrypted value
     *
     * @throws KuraException
     *             if the value cannot be encrypted
     */
    String encryptAes(String value) throws KuraException;
}
