package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link KuraException} with code {@link KuraErrorCode#DISCONNECTION_FAILED}.
 */
@ProviderType
public class KuraDisconnectException extends KuraException {
    private static final long serialVersionUID = 52917095245324570L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what failed, the argument of the message
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
     *            what failed, the argument of the message
     */
    public KuraDisconnectException(Throwable cause, Object argument) {
        super(KuraErrorCode.DISCONNECTION_FAILED, cause, argument);
    }
}
