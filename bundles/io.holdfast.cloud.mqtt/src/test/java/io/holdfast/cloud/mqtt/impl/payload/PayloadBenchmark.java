package io.holdfast.cloud.mqtt.impl.payload;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.message.KuraPayload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The payload encoders on what the connection sends most: one reading as the ESP32 driver publishes it (seven metrics),
 * encoded on publish(), and a batch of 32 stored readings encoded by the sender; and the decoders a subscriber and a
 * request need. {@code codec} {@code LIBRARY} is what the bundle ships (protobuf-java generated classes, gson),
 * {@code HAND_WRITTEN} the encoders it had before, kept in {@code baseline} as the same run's baseline. Run with
 * {@code mvn -B -Pjmh verify -pl bundles/io.holdfast.cloud.mqtt -am -DskipTests} (module README, "Payload encoders").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PayloadBenchmark {

    @Param({ "KURA_PROTOBUF", "SIMPLE_JSON" })
    public PayloadEncoding encoding;

    @Param({ "LIBRARY", "HAND_WRITTEN" })
    public Codecs codec;

    private Codec c;

    private KuraPayload reading;
    private byte[] encoded;
    private KuraPayload outer;
    private List<byte[]> stored;
    private byte[] batch;

    static KuraPayload reading(long seq) {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(new Date(1_760_000_000_000L + seq));
        p.addMetric("device", "3C:E9:0E:72:12:4C");
        p.addMetric("source", "node-7");
        p.addMetric("sensor", "pt100");
        p.addMetric("seq", seq);
        p.addMetric("temperature", 4.0 + seq % 10 / 10.0);
        p.addMetric("unit", "C");
        p.addMetric("rssi", -67);
        return p;
    }

    @Setup
    public void setUp() throws KuraException {
        c = codec.of(encoding);
        reading = reading(123_456);
        encoded = c.encode(reading);
        outer = new KuraPayload();
        outer.setTimestamp(new Date(1_760_000_000_000L));
        outer.addMetric(Batches.METRIC_SIZE, 32);
        outer.addMetric(Batches.METRIC_DEVICE, "3C:E9:0E:72:12:4C");
        stored = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            stored.add(c.encode(reading(1000 + i)));
        }
        batch = c.encodeBatch(outer, stored);
    }

    @Benchmark
    public byte[] encodeReading() throws KuraException {
        return c.encode(reading);
    }

    @Benchmark
    public KuraPayload decodeReading() {
        return c.decode(encoded);
    }

    @Benchmark
    public byte[] encodeBatchOf32() throws KuraException {
        return c.encodeBatch(outer, stored);
    }

    @Benchmark
    public List<KuraPayload> decodeBatchOf32() {
        return c.decodeBatch(batch);
    }
}
