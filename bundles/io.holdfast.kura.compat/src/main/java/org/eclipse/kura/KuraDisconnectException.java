package org.eclipse.kura;

/**
 * A {@link KuraException} with code {@link KuraErrorCode#DISCONNECTION_FAILED}.
 */
public class KuraDisconnectException extends KuraException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what failed
     */
    public KuraDisconnectException(Object argument) {
        super(KuraErrorCode.DISCONNECTION_FAILED, null, argument);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param cause
     *            the underlying failure
     * @param argument
     *            what failed
     */
    public KuraDisconnectException(Throwable cause, Object argument) {
        super(KuraErrorCode.DISCONNECTION_FAILED, cause, argument);
    }
}
