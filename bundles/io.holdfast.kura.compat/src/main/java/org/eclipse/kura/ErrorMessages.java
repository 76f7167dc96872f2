package org.eclipse.kura;

/**
 * How Kura's exceptions word their message: the code, then the arguments. Not part of the Kura API.
 */
final class ErrorMessages {

    private ErrorMessages() {
    }

    static String format(KuraErrorCode code, Object[] arguments) {
        if (arguments == null || arguments.length == 0) {
            return code.name();
        }
        StringBuilder sb = new StringBuilder(code.name()).append(": ");
        for (int i = 0; i < arguments.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(arguments[i]);
        }
        return sb.toString();
    }
}
