package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link KuraException} with code {@link KuraErrorCode#TIMED_OUT}.
 */
@ProviderType
public class KuraTimeoutException extends KuraException {
    private static final long serialVersionUID = -3042470573773974746L;

    /**
     * Creates the exception.
     *
     * @param message
     *            what timed out
     */
    public KuraTimeoutException(String message) {
        super(KuraErrorCode.TIMED_OUT, null, message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message
     *            what timed out
     * @param cause
     *            the underlying failure
     */
    public KuraTimeoutException(String message, Throwable cause) {
        super(KuraErrorCode.TIMED_OUT, cause, message);
    }
}
