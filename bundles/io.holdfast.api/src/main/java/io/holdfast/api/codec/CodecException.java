package io.holdfast.api.codec;

/**
 * Thrown by a {@link SensorCodec} that cannot decode a reading. The message names the value and what was wrong with it,
 * in one line an operator can act on.
 */
public class CodecException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message
     *            what could not be decoded and why
     */
    public CodecException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message
     *            what could not be decoded and why
     * @param cause
     *            the underlying failure
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
