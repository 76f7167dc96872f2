package org.eclipse.kura;

/**
 * A {@link KuraException} with code {@link KuraErrorCode#TIMED_OUT}.
 */
public class KuraTimeoutException extends KuraException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what failed
     */
    public KuraTimeoutException(Object argument) {
        super(KuraErrorCode.TIMED_OUT, null, argument);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param cause
     *            the underlying failure
     * @param argument
     *            what failed
     */
    public KuraTimeoutException(Throwable cause, Object argument) {
        super(KuraErrorCode.TIMED_OUT, cause, argument);
    }
}
