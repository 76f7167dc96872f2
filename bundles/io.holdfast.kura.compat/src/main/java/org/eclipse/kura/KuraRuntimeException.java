package org.eclipse.kura;

import java.util.Objects;

/**
 * The unchecked exception of the Kura API, with an {@link KuraErrorCode}.
 */
public class KuraRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final KuraErrorCode code;

    /**
     * Creates the exception.
     *
     * @param code
     *            the error code
     * @param arguments
     *            values describing the failure
     */
    public KuraRuntimeException(KuraErrorCode code, Object... arguments) {
        this(code, null, arguments);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param code
     *            the error code
     * @param cause
     *            the underlying failure
     * @param arguments
     *            values describing the failure
     */
    public KuraRuntimeException(KuraErrorCode code, Throwable cause, Object... arguments) {
        super(message(code, arguments), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    private static String message(KuraErrorCode code, Object[] arguments) {
        if (arguments == null || arguments.length == 0) {
            return code.name();
        }
        StringBuilder sb = new StringBuilder(code.name()).append(": ");
        for (int i = 0; i < arguments.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(arguments[i]);
        }
        return sb.toString();
    }

    /**
     * The error code.
     *
     * @return the code
     */
    public KuraErrorCode getCode() {
        return code;
    }
}
