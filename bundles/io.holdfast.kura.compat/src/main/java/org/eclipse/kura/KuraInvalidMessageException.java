package org.eclipse.kura;

/**
 * A message is invalid: an unchecked exception with code {@link KuraErrorCode#INVALID_MESSAGE_EXCEPTION}.
 */
public class KuraInvalidMessageException extends KuraRuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what is wrong with the message
     */
    public KuraInvalidMessageException(Object argument) {
        super(KuraErrorCode.INVALID_MESSAGE_EXCEPTION, argument);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param cause
     *            the underlying failure
     * @param argument
     *            what is wrong with the message
     */
    public KuraInvalidMessageException(Throwable cause, Object argument) {
        super(KuraErrorCode.INVALID_MESSAGE_EXCEPTION, cause, argument);
    }
}
