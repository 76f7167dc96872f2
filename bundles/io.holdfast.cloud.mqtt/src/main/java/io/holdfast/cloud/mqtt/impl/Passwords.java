package io.holdfast.cloud.mqtt.impl;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection's Password attributes in plain: Kura hands them over encrypted and its CryptoService decrypts them
 * ({@code char[] decryptAes(char[])}). A value that is not encrypted (typed in plain through Config Admin) makes Kura's
 * CryptoService throw: it is used as it is, with one line saying so, and the connection goes on.
 */
final class Passwords {
    private static final Logger LOG = LoggerFactory.getLogger(Passwords.class);

    private final String pid;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private volatile CryptoService crypto;

    Passwords(String pid) {
        this.pid = pid;
    }

    void bind(CryptoService cs) {
        this.crypto = cs;
    }

    void unbind(CryptoService cs) {
        if (this.crypto == cs) {
            this.crypto = null;
        }
    }

    /**
     * The plain value of a Password attribute.
     *
     * @param attribute
     *            the attribute's id, for the one line that reports a value that is not encrypted
     * @param value
     *            the value as configured
     *
     * @return the decrypted value, or the value as it is when it is not encrypted or no CryptoService is bound; empty
     *         for null or empty
     */
    char[] plain(String attribute, String value) {
        if (value == null || value.isEmpty()) {
            return new char[0];
        }
        CryptoService cs = crypto;
        if (cs == null) {
            return value.toCharArray();
        }
        try {
            char[] plain = cs.decryptAes(value.toCharArray());
            return plain == null ? value.toCharArray() : plain;
        } catch (KuraException | RuntimeException e) {
            if (reported.add(attribute)) {
                // the exception's message is not logged: a CryptoService may quote the value it could not decrypt
                LOG.warn("Cloud connection {}: {} is not encrypted ({}); it is used as it is", pid, attribute,
                        e.getClass().getSimpleName());
            }
            return value.toCharArray();
        }
    }
}
