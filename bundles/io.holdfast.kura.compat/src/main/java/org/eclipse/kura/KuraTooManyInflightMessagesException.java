package org.eclipse.kura;

/**
 * A {@link KuraException} with code {@link KuraErrorCode#TOO_MANY_INFLIGHT_MESSAGES}.
 */
public class KuraTooManyInflightMessagesException extends KuraException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what failed
     */
    public KuraTooManyInflightMessagesException(Object argument) {
        super(KuraErrorCode.TOO_MANY_INFLIGHT_MESSAGES, null, argument);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param cause
     *            the underlying failure
     * @param argument
     *            what failed
     */
    public KuraTooManyInflightMessagesException(Throwable cause, Object argument) {
        super(KuraErrorCode.TOO_MANY_INFLIGHT_MESSAGES, cause, argument);
    }
}
