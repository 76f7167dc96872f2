package org.eclipse.kura;

/**
 * The message store is full: a {@link KuraStoreException} with code {@link KuraErrorCode#STORE_ERROR}.
 */
public class KuraStoreCapacityReachedException extends KuraStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param argument
     *            what was rejected, or the capacity
     */
    public KuraStoreCapacityReachedException(Object argument) {
        super(argument);
    }
}
