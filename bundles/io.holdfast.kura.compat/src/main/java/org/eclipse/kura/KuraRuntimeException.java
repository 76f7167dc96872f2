package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The unchecked exception of the Kura API: a {@link KuraErrorCode} and the arguments of its message.
 * <p>
 * The message is Kura's pattern for the code filled with the arguments (see Kura's message bundle), not "code:
 * arguments": never parse it.
 */
@ProviderType
public class KuraRuntimeException extends RuntimeException {
    private static final long serialVersionUID = -7202805328805688329L;

    private final Object[] arguments;
    private final KuraErrorCode code;

    /**
     * Creates an exception with a code and no arguments.
     *
     * @param code
     *            the error code
     */
    public KuraRuntimeException(final KuraErrorCode code) {
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
    public KuraRuntimeException(final KuraErrorCode code, final Object... arguments) {
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
    public KuraRuntimeException(final KuraErrorCode code, final Throwable cause, final Object... arguments) {
        super(cause);
        this.code = code;
        this.arguments = arguments;
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
