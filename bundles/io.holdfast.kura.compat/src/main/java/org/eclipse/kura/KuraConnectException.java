package org.eclipse.kura;

/**
 * A {@link KuraException} with code {@link KuraErrorCode#CONNECTION_FAILED}.
 */
public class KuraConnectException extends KuraException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what failed
     */
    public KuraConnectException(Object argument) {
        super(KuraErrorCode.CONNECTION_FAILED, null, argument);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param cause
     *            the underlying failure
     * @param argument
     *            what failed
     */
    public KuraConnectException(Throwable cause, Object argument) {
        super(KuraErrorCode.CONNECTION_FAILED, cause, argument);
    }
}
