package io.holdfast.esp32.impl;

import org.eclipse.kura.crypto.CryptoService;

/** Password attributes: Kura hands them over encrypted; the standalone runtime in clear text. */
final class Secrets {

    private Secrets() {
    }

    static String reveal(String value, CryptoService crypto) {
        if (value == null || value.isEmpty() || crypto == null) {
            return value;
        }
        try {
            return crypto.decryptAes(value);
        } catch (Exception e) {
            return value;
        }
    }
}
