package io.holdfast.oled.impl.sink;

/** One device on an I2C bus, written in whole transactions. */
public interface I2cPort extends AutoCloseable {

    /**
     * Writes one transaction (start, address, bytes, stop).
     *
     * @param bytes
     *            the bytes after the address
     *
     * @throws RuntimeException
     *             when the device does not acknowledge or the bus fails
     */
    void write(byte[] bytes);

    /** Releases the device; never throws. */
    @Override
    void close();

    /** Opens a port; one call per attempt, so that a failed open can be retried. */
    @FunctionalInterface
    interface Opener {
        /**
         * @return the open port
         *
         * @throws RuntimeException
         *             with a message for people when the bus or the device is not there
         */
        I2cPort open();
    }
}
