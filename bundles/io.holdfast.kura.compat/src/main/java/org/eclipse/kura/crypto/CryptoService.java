package org.eclipse.kura.crypto;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.BadPaddingException;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Kura's cryptography service: AES encryption of configuration secrets, hashes, Base64, and key store passwords. Kura
 * hands {@code Password} attributes to components encrypted; a value that is not encrypted makes Kura's implementation
 * throw, so a component falls back to the value as it is.
 */
@ProviderType
public interface CryptoService {

    /**
     * Encrypts a value with AES.
     *
     * @param value
     *            the plain value
     *
     * @return the encrypted value
     *
     * @throws KuraException
     *             if encryption fails
     */
    public char[] encryptAes(char[] value) throws KuraException;

    /**
     * Decrypts a value encrypted by {@link #encryptAes(char[])}.
     *
     * @param encryptedValue
     *            the encrypted value
     *
     * @return the plain value
     *
     * @throws KuraException
     *             if the value cannot be decrypted (for example because it is not encrypted)
     */
    public char[] decryptAes(char[] encryptedValue) throws KuraException;

    /**
     * Encrypts a string with AES.
     *
     * @param value
     *            the plain value
     *
     * @return the encrypted value
     *
     * @throws NoSuchAlgorithmException
     *             if AES is not available
     * @throws NoSuchPaddingException
     *             if the padding is not available
     * @throws InvalidKeyException
     *             if the key is invalid
     * @throws IllegalBlockSizeException
     *             if the block size is wrong
     * @throws BadPaddingException
     *             if the padding is wrong
     *
     * @deprecated use {@link #encryptAes(char[])}
     */
    @Deprecated
    public String encryptAes(String value) throws NoSuchAlgorithmException, NoSuchPaddingException, InvalidKeyException,
            IllegalBlockSizeException, BadPaddingException;

    /**
     * Decrypts a string encrypted by {@link #encryptAes(String)}.
     *
     * @param encryptedValue
     *            the encrypted value
     *
     * @return the plain value
     *
     * @throws NoSuchAlgorithmException
     *             if AES is not available
     * @throws NoSuchPaddingException
     *             if the padding is not available
     * @throws InvalidKeyException
     *             if the key is invalid
     * @throws IOException
     *             if the value cannot be decoded
     * @throws IllegalBlockSizeException
     *             if the block size is wrong
     * @throws BadPaddingException
     *             if the padding is wrong
     *
     * @deprecated use {@link #decryptAes(char[])}
     */
    @Deprecated
    public String decryptAes(String encryptedValue) throws NoSuchAlgorithmException, NoSuchPaddingException,
            InvalidKeyException, IOException, IllegalBlockSizeException, BadPaddingException;

    /**
     * Hashes a string with SHA-1.
     *
     * @param s
     *            the string
     *
     * @return the hash, Base64-encoded
     *
     * @throws NoSuchAlgorithmException
     *             if SHA-1 is not available
     * @throws UnsupportedEncodingException
     *             if the string cannot be encoded
     */
    default String sha1Hash(String s) throws NoSuchAlgorithmException, UnsupportedEncodingException {
        return hash(s, "SHA-1");
    }

    /**
     * Hashes a string with SHA-256.
     *
     * @param s
     *            the string
     *
     * @return the hash, Base64-encoded
     *
     * @throws NoSuchAlgorithmException
     *             if SHA-256 is not available
     * @throws UnsupportedEncodingException
     *             if the string cannot be encoded
     */
    default String sha256Hash(String s) throws NoSuchAlgorithmException, UnsupportedEncodingException {
        return hash(s, "SHA-256");
    }

    /**
     * Hashes a string.
     *
     * @param s
     *            the string
     * @param algorithm
     *            the digest algorithm
     *
     * @return the hash, Base64-encoded
     *
     * @throws NoSuchAlgorithmException
     *             if the algorithm is not available
     * @throws UnsupportedEncodingException
     *             if the string cannot be encoded
     */
    public String hash(String s, String algorithm) throws NoSuchAlgorithmException, UnsupportedEncodingException;

    /**
     * Encodes a string in Base64.
     *
     * @param stringValue
     *            the string
     *
     * @return the encoded string
     *
     * @throws NoSuchAlgorithmException
     *             declared by Kura
     * @throws UnsupportedEncodingException
     *             if the string cannot be encoded
     */
    public String encodeBase64(String stringValue) throws NoSuchAlgorithmException, UnsupportedEncodingException;

    /**
     * Decodes a Base64 string.
     *
     * @param encodedValue
     *            the encoded string
     *
     * @return the decoded string
     *
     * @throws NoSuchAlgorithmException
     *             declared by Kura
     * @throws UnsupportedEncodingException
     *             if the result cannot be decoded
     */
    public String decodeBase64(String encodedValue) throws NoSuchAlgorithmException, UnsupportedEncodingException;

    /**
     * @param keyStorePath
     *            the key store's path
     *
     * @return the key store's password
     */
    public char[] getKeyStorePassword(String keyStorePath);

    /**
     * Stores a key store's password.
     *
     * @param keyStorePath
     *            the key store's path
     * @param password
     *            the password
     *
     * @throws KuraException
     *             if it cannot be stored
     */
    public void setKeyStorePassword(String keyStorePath, char[] password) throws KuraException;

    /**
     * Stores a key store's password.
     *
     * @param keyStorePath
     *            the key store's path
     * @param password
     *            the password
     *
     * @throws IOException
     *             if it cannot be stored
     *
     * @deprecated use {@link #setKeyStorePassword(String, char[])}
     */
    @Deprecated
    public void setKeyStorePassword(String keyStorePath, String password) throws IOException;

    /**
     * @return whether the framework runs in a secure mode
     */
    public boolean isFrameworkSecure();
}
