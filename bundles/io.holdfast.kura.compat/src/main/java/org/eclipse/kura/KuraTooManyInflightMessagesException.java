package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link KuraException} with code {@link KuraErrorCode#TOO_MANY_INFLIGHT_MESSAGES}.
 */
@ProviderType
public class KuraTooManyInflightMessagesException extends KuraException {
    private static final long serialVersionUID = 8759879149959567323L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what failed, the argument of the message
     */
    public KuraTooManyInflightMessagesException(Object argument) {
        super(KuraErrorCode.TOO_MANY_INFLIGHT_MESSAGES, null, argument);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param cause
     *            the underlying failure
     * @param argument
     *            what failed, the argument of the message
     */
    public KuraTooManyInflightMessagesException(Throwable cause, Object argument) {
        super(KuraErrorCode.TOO_MANY_INFLIGHT_MESSAGES, cause, argument);
    }
}
