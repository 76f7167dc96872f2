package org.eclipse.kura;

/**
 * A {@link KuraException} with code {@link KuraErrorCode#STORE_ERROR}.
 */
public class KuraStoreException extends KuraException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what failed
     */
    public KuraStoreException(Object argument) {
        super(KuraErrorCode.STORE_ERROR, null, argument);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param cause
     *            the underlying failure
     * @param argument
     *            what failed
     */
    public KuraStoreException(Throwable cause, Object argument) {
        super(KuraErrorCode.STORE_ERROR, cause, argument);
    }

    /**
     * Creates the exception with another code, for subclasses.
     *
     * @param code
     *            the error code
     * @param cause
     *            the underlying failure, or {@code null}
     * @param argument
     *            what failed
     */
    protected KuraStoreException(KuraErrorCode code, Throwable cause, Object argument) {
        super(code, cause, argument);
    }
}
