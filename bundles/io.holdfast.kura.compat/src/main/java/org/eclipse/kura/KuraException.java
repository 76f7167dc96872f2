package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The checked exception of the Kura API: a {@link KuraErrorCode} and the arguments of its message.
 * <p>
 * The message is Kura's pattern for the code filled with the arguments (see Kura's message bundle), not "code:
 * arguments": never parse it.
 */
@ProviderType
public class KuraException extends Exception {
    private static final long serialVersionUID = 7468633737373095296L;

    private final Object[] arguments;
    private final KuraErrorCode code;

    /**
     * Creates an exception with a code and no arguments.
     *
     * @param code
     *            the error code
     */
    public KuraException(final KuraErrorCode code) {
        this.code = code;
        this.arguments = null;
    }

    /**
     * Creates an exception with a code and the arguments of its message.
     *
     * @param code
     *            the error code
     * @param arguments
     *            the arguments of the message
     */
    public KuraException(final KuraErrorCode code, final Object... arguments) {
        this.code = code;
        this.arguments = arguments;
    }

    /**
     * Creates an exception with a code, a cause and the arguments of its message.
     *
     * @param code
     *            the error code
     * @param cause
     *            the underlying failure
     * @param arguments
     *            the arguments of the message
     */
    public KuraException(final KuraErrorCode code, final Throwable cause, final Object... arguments) {
        super(cause);
        this.code = code;
        this.arguments = arguments;
    }

    /**
     * Creates an {@link KuraErrorCode#INTERNAL_ERROR}.
     *
     * @param message
     *            what failed
     *
     * @return the exception
     */
    public static KuraException internalError(final String message) {
        return new KuraException(KuraErrorCode.INTERNAL_ERROR, null, message);
    }

    /**
     * Creates an {@link KuraErrorCode#INTERNAL_ERROR} with a cause and an empty argument.
     *
     * @param cause
     *            the underlying failure
     *
     * @return the exception
     */
    public static KuraException internalError(final Throwable cause) {
        return new KuraException(KuraErrorCode.INTERNAL_ERROR, cause, "");
    }

    /**
     * Creates an {@link KuraErrorCode#INTERNAL_ERROR} with a cause.
     *
     * @param cause
     *            the underlying failure
     * @param message
     *            what failed
     *
     * @return the exception
     */
    public static KuraException internalError(final Throwable cause, final String message) {
        return new KuraException(KuraErrorCode.INTERNAL_ERROR, cause, message);
    }

    /**
     * @return the error code
     */
    public KuraErrorCode getCode() {
        return this.code;
    }

    @Override
    public String getLocalizedMessage() {
        return ErrorMessages.format(this.code, this.arguments);
    }

    @Override
    public String getMessage() {
        return ErrorMessages.format(this.code, this.arguments);
    }
}
