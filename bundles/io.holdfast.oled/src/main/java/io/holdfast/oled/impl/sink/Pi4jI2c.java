package io.holdfast.oled.impl.sink;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An I2C device through Pi4J 2.8, with the context built explicitly around one provider: no auto-detection, no
 * ServiceLoader (neither works across bundle class loaders, and detection would pull in every plugin).
 */
public final class Pi4jI2c implements I2cPort {
    private final Context context;
    private final I2C i2c;

    private Pi4jI2c(Context context, I2C i2c) {
        this.context = context;
        this.i2c = i2c;
    }

    /**
     * Opens a device through the given provider.
     *
     * @param provider
     *            a fresh provider instance (linuxfs on a board, mock in tests)
     * @param bus
     *            the bus number ({@code /dev/i2c-N})
     * @param address
     *            the 7-bit address
     *
     * @return the open port
     */
    public static Pi4jI2c open(I2CProvider provider, int bus, int address) {
        Context context = Pi4J.newContextBuilder().noAutoDetect().noAutoInject().disableShutdownHook().add(provider)
                .build();
        try {
            I2CConfig config = I2C.newConfigBuilder(context).id("holdfast-oled-" + bus + "-" + address).bus(bus)
                    .device(address).provider(provider.id()).build();
            return new Pi4jI2c(context, context.create(config));
        } catch (RuntimeException e) {
            context.shutdown();
            throw e;
        }
    }

    /**
     * Opens the device on a Linux board through {@code /dev/i2c-N}, checking first that the bus exists, so that a board
     * without it gets one clear line.
     *
     * @param bus
     *            the bus number
     * @param address
     *            the 7-bit address
     *
     * @return the open port
     *
     * @throws IllegalStateException
     *             when the bus device is missing or not accessible
     */
    public static Pi4jI2c openLinux(int bus, int address) {
        Path dev = Path.of("/dev/i2c-" + bus);
        if (!Files.exists(dev)) {
            throw new IllegalStateException("no I2C bus " + dev + " (enable I2C, e.g. dtparam=i2c_arm=on)");
        }
        if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
            throw new IllegalStateException(dev + " is not readable and writable by this user (group i2c)");
        }
        return open(LinuxFsI2CProvider.newInstance(), bus, address);
    }

    /** @return the Pi4J device, for tests that inspect the mock */
    public I2C device() {
        return i2c;
    }

    @Override
    public void write(byte[] bytes) {
        int n = i2c.write(bytes, 0, bytes.length);
        if (n < 0) {
            throw new IllegalStateException("I2C write to 0x" + Integer.toHexString(i2c.device()) + " failed: " + n);
        }
    }

    @Override
    public void close() {
        try {
            i2c.close();
        } catch (RuntimeException e) {
            // closing a device that failed; the context goes below
        }
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            // nothing more to release
        }
    }
}
