package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link KuraException} with code {@link KuraErrorCode#CONNECTION_FAILED}.
 */
@ProviderType
public class KuraConnectException extends KuraException {
    private static final long serialVersionUID = 5894832757268538532L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what failed, the argument of the message
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
     *            what failed, the argument of the message
     */
    public KuraConnectException(Throwable cause, Object argument) {
        super(KuraErrorCode.CONNECTION_FAILED, cause, argument);
    }
}
