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
        super(ErrorMessages.format(code, arguments), cause);
        this.code = Objects.requireNonNull(code, "code");
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
