package org.eclipse.kura;

/**
 * A {@link KuraException} with code {@link KuraErrorCode#NOT_CONNECTED}.
 */
public class KuraNotConnectedException extends KuraException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what failed
     */
    public KuraNotConnectedException(Object argument) {
        super(KuraErrorCode.NOT_CONNECTED, null, argument);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param cause
     *            the underlying failure
     * @param argument
     *            what failed
     */
    public KuraNotConnectedException(Throwable cause, Object argument) {
        super(KuraErrorCode.NOT_CONNECTED, cause, argument);
    }
}
