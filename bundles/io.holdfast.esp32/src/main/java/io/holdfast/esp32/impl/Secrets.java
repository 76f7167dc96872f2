package io.holdfast.esp32.impl;

import org.eclipse.kura.KuraException;
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
            return new String(crypto.decryptAes(value.toCharArray()));
        } catch (KuraException | RuntimeException e) {
            return value;
        }
    }
}
