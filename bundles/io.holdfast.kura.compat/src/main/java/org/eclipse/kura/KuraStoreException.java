package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link KuraException} with code {@link KuraErrorCode#STORE_ERROR}.
 */
@ProviderType
public class KuraStoreException extends KuraException {
    private static final long serialVersionUID = -3405089623687223551L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what failed, the argument of the message
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
     *            what failed, the argument of the message
     */
    public KuraStoreException(Throwable cause, Object argument) {
        super(KuraErrorCode.STORE_ERROR, cause, argument);
    }
}
