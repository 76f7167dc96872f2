package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link KuraException} with code {@link KuraErrorCode#NOT_CONNECTED}.
 */
@ProviderType
public class KuraNotConnectedException extends KuraException {
    private static final long serialVersionUID = 5894832757268538532L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what failed, the argument of the message
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
     *            what failed, the argument of the message
     */
    public KuraNotConnectedException(Throwable cause, Object argument) {
        super(KuraErrorCode.NOT_CONNECTED, cause, argument);
    }
}
