package io.holdfast.esp32.impl.wire.jmh;

import io.holdfast.esp32.impl.wire.Decoded;
import io.holdfast.esp32.impl.wire.FrameDecoder;
import io.holdfast.esp32.impl.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
 * What decoding a frame costs with gson (what ships) against the hand-written parser it replaced (the baseline, kept in
 * {@link HandWrittenJson}), on the frames devices send most. Run it as the driver's README says ("JSON library").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameDecoderBenchmark {

    @Param({ "reading", "seed", "batch10", "hello" })
    public String frame;

    private byte[] bytes;

    @Setup
    public void setUp() {
        String item = "{\"seq\":%d,\"uptime\":%d,\"type\":\"pt100\",\"v\":{\"ma\":12.31}}";
        StringBuilder batch = new StringBuilder("{\"t\":\"rb\",\"mac\":\"3C:E9:0E:72:12:4C\",\"items\":[");
        for (int i = 0; i < 10; i++) {
            batch.append(i == 0 ? "" : ",").append(String.format(item, 1000 + i, 93387 + i * 1000));
        }
        batch.append("]}");
        String json = switch (frame) {
        case "reading" -> "{\"t\":\"r\",\"mac\":\"3C:E9:0E:72:12:4C\",\"seq\":1234,\"uptime\":93387,"
                + "\"type\":\"pt100\",\"v\":{\"ma\":12.31}}";
        case "seed" -> "{\"macAddress\":\"40:91:51:CB:A4:64\", \"timestamp\":93387, \"temperature\":21.37}";
        case "batch10" -> batch.toString();
        default -> "{\"t\":\"hello\",\"mac\":\"3C:E9:0E:72:12:4C\",\"fw\":\"0.3.1\",\"chip\":\"ESP32-WROOM\","
                + "\"sensors\":[\"pt100\",\"rssi\"],\"uptime\":93387,\"seq\":1}";
        };
        bytes = json.getBytes(StandardCharsets.UTF_8);
    }

    /** The shipped decoder: CRC check, gson, validation into a frame. */
    @Benchmark
    public Decoded decode() {
        return FrameDecoder.decode(bytes, 0, bytes.length, false);
    }

    /** The JSON step alone, with gson. */
    @Benchmark
    public Object parseGson() throws Exception {
        return Json.parseObject(bytes, 0, bytes.length);
    }

    /** The JSON step alone, with the hand-written parser (baseline). */
    @Benchmark
    public Object parseHandWritten() throws Exception {
        return HandWrittenJson.parseObject(bytes, 0, bytes.length);
    }
}
