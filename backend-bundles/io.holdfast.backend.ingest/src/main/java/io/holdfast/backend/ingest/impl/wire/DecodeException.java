package io.holdfast.backend.ingest.impl.wire;

/** A message that is not what its topic promises; the message is the dead letter's reason. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String reason) {
        super(reason);
    }
}
