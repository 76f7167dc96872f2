package org.eclipse.kura;

import java.util.Objects;

/**
 * The checked exception of the Kura API: an {@link KuraErrorCode} and the arguments that describe the failure.
 */
public class KuraException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The error code. */
    protected final KuraErrorCode code;
    private final Object[] arguments;

    /**
     * Creates an exception with a code and no arguments.
     *
     * @param code
     *            the error code
     */
    public KuraException(KuraErrorCode code) {
        this(code, null, (Object[]) null);
    }

    /**
     * Creates an exception with a code and arguments.
     *
     * @param code
     *            the error code
     * @param arguments
     *            values describing the failure
     */
    public KuraException(KuraErrorCode code, Object... arguments) {
        this(code, null, arguments);
    }

    /**
     * Creates an exception with a code, a cause and arguments.
     *
     * @param code
     *            the error code
     * @param cause
     *            the underlying failure
     * @param arguments
     *            values describing the failure
     */
    public KuraException(KuraErrorCode code, Throwable cause, Object... arguments) {
        super(cause);
        this.code = Objects.requireNonNull(code, "code");
        this.arguments = arguments == null ? new Object[0] : arguments.clone();
    }

    /**
     * An {@link KuraErrorCode#INTERNAL_ERROR} with a message.
     *
     * @param message
     *            what went wrong
     *
     * @return the exception
     */
    public static KuraException internalError(String message) {
        return new KuraException(KuraErrorCode.INTERNAL_ERROR, null, message);
    }

    /**
     * An {@link KuraErrorCode#INTERNAL_ERROR} with a cause.
     *
     * @param cause
     *            the underlying failure
     *
     * @return the exception
     */
    public static KuraException internalError(Throwable cause) {
        return new KuraException(KuraErrorCode.INTERNAL_ERROR, cause, cause == null ? null : cause.getMessage());
    }

    /**
     * An {@link KuraErrorCode#INTERNAL_ERROR} with a cause and a message.
     *
     * @param cause
     *            the underlying failure
     * @param message
     *            what went wrong
     *
     * @return the exception
     */
    public static KuraException internalError(Throwable cause, String message) {
        return new KuraException(KuraErrorCode.INTERNAL_ERROR, cause, message);
    }

    /**
     * The error code.
     *
     * @return the code
     */
    public KuraErrorCode getCode() {
        return code;
    }

    /**
     * The code followed by the arguments, for example {@code "CONNECTION_FAILED: tcp://broker:1883"}.
     */
    @Override
    public String getMessage() {
        return ErrorMessages.format(code, arguments);
    }

    @Override
    public String getLocalizedMessage() {
        return getMessage();
    }

    @Override
    public String toString() {
        return getClass().getName() + ": " + getMessage();
    }
}
