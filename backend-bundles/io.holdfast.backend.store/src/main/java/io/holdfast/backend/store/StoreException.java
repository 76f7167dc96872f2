package io.holdfast.backend.store;

/** The database failed; the message says how, without credentials. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message
     *            what failed
     * @param cause
     *            the driver's exception
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
