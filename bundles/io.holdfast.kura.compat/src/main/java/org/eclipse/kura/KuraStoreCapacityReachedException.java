package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link KuraStoreException} raised when a store is full.
 */
@ProviderType
public class KuraStoreCapacityReachedException extends KuraStoreException {
    private static final long serialVersionUID = 2622483579047285733L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what failed, the argument of the message
     */
    public KuraStoreCapacityReachedException(Object argument) {
        super(argument);
    }
}
