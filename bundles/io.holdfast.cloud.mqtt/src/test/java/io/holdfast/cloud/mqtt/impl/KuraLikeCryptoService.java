package io.holdfast.cloud.mqtt.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;

/**
 * The one test double of the cloud connection's tests: Kura's CryptoService, which cannot run here. It behaves as
 * Kura's does for passwords: {@code encryptAes} gives {@code base64(iv)-base64(AES-GCM ciphertext)}, and
 * {@code decryptAes} of a value that is not in that form (a password typed in plain) throws a KuraException
 * (DECODER_ERROR), or the IllegalArgumentException of the Base64 decoder, as Kura's does. The rest is not used.
 */
final class KuraLikeCryptoService implements CryptoService {
    private final SecretKeySpec key = new SecretKeySpec("holdfast-test-k1".getBytes(StandardCharsets.UTF_8), "AES");
    private final SecureRandom random = new SecureRandom();
    int decryptCalls;

    @Override
    public char[] encryptAes(char[] value) throws KuraException {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] out = c.doFinal(new String(value).getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b = Base64.getEncoder();
            return (b.encodeToString(iv) + "-" + b.encodeToString(out)).toCharArray();
        } catch (GeneralSecurityException e) {
            throw new KuraException(KuraErrorCode.ENCODE_ERROR, "value");
        }
    }

    @Override
    public char[] decryptAes(char[] encryptedValue) throws KuraException {
        decryptCalls++;
        if (encryptedValue.length == 0) {
            return new char[0];
        }
        String[] parts = new String(encryptedValue).split("-");
        if (parts.length != 2) {
            throw new KuraException(KuraErrorCode.DECODER_ERROR, "value");
        }
        byte[] iv = Base64.getDecoder().decode(parts[0]);
        byte[] data = Base64.getDecoder().decode(parts[1]);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            return new String(c.doFinal(data), StandardCharsets.UTF_8).toCharArray();
        } catch (GeneralSecurityException e) {
            throw new KuraException(KuraErrorCode.DECODER_ERROR, "value");
        }
    }

    @Override
    @Deprecated
    public String encryptAes(String value) {
        throw new UnsupportedOperationException();
    }

    @Override
    @Deprecated
    public String decryptAes(String encryptedValue) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public String hash(String s, String algorithm) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String encodeBase64(String stringValue) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String decodeBase64(String encodedValue) {
        throw new UnsupportedOperationException();
    }

    @Override
    public char[] getKeyStorePassword(String keyStorePath) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setKeyStorePassword(String keyStorePath, char[] password) {
        throw new UnsupportedOperationException();
    }

    @Override
    @Deprecated
    public void setKeyStorePassword(String keyStorePath, String password) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isFrameworkSecure() {
        return false;
    }
}
