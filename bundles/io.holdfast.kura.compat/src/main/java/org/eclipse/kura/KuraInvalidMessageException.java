package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link KuraRuntimeException} with code {@link KuraErrorCode#INVALID_MESSAGE_EXCEPTION}.
 */
@ProviderType
public class KuraInvalidMessageException extends KuraRuntimeException {
    private static final long serialVersionUID = -3636897647706575102L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what is invalid
     */
    public KuraInvalidMessageException(Object argument) {
        super(KuraErrorCode.INVALID_MESSAGE_EXCEPTION, argument);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param cause
     *            the underlying failure
     */
    public KuraInvalidMessageException(Throwable cause) {
        super(KuraErrorCode.INVALID_MESSAGE_EXCEPTION, cause);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param cause
     *            the underlying failure
     * @param argument
     *            what is invalid
     */
    public KuraInvalidMessageException(Throwable cause, Object argument) {
        super(KuraErrorCode.INVALID_MESSAGE_EXCEPTION, cause, argument);
    }
}
