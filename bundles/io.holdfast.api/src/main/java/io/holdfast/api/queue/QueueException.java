package io.holdfast.api.queue;

import java.util.Objects;

/**
 * A queue operation failed. The {@link #reason()} tells a caller what to do; the message tells an operator what
 * happened, in one line.
 */
public class QueueException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Reason {
        /** The queue is at its configured capacity and its overflow policy rejects new messages. Retry later. */
        CAPACITY,
        /** The file system is full. Nothing was lost; enqueues succeed again when space returns. */
        DISK_FULL,
        /** The storage failed (an I/O error, a corrupt page). The status reports the details. */
        IO_ERROR,
        /** The queue is closed: the store is stopping or being updated. Retry with the next queue service. */
        UNAVAILABLE,
        /** The message or the argument is invalid; retrying will not help. */
        INVALID
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason
     *            why the operation failed
     * @param message
     *            what happened, for the log
     */
    public QueueException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason
     *            why the operation failed
     * @param message
     *            what happened, for the log
     * @param cause
     *            the underlying failure
     */
    public QueueException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why the operation failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Whether the same call may succeed later without any change by the caller.
     *
     * @return {@code true} for {@link Reason#CAPACITY}, {@link Reason#DISK_FULL} and {@link Reason#UNAVAILABLE}
     */
    public boolean isTransient() {
        return reason == Reason.CAPACITY || reason == Reason.DISK_FULL || reason == Reason.UNAVAILABLE;
    }
}
