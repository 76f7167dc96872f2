package io.holdfast.oled.impl.sink;

import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProviderImpl;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pi4J's mock I2C provider, with each write kept as one transaction (the mock itself appends every byte to one queue,
 * which loses where a transaction ends and so which bytes a control byte governs).
 */
final class RecordingMockProvider extends MockI2CProviderImpl {
    final List<byte[]> transactions = new CopyOnWriteArrayList<>();
    volatile MockI2C device;

    @Override
    public I2C create(I2CConfig config) {
        I2CProvider self = this;
        MockI2C d = new MockI2C(self, config) {
            @Override
            public int write(byte[] data, int offset, int length) {
                transactions.add(Arrays.copyOfRange(data, offset, offset + length));
                return super.write(data, offset, length);
            }
        };
        device = d;
        return d;
    }
}
