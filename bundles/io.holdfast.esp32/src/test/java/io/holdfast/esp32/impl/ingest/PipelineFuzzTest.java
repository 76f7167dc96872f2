package io.holdfast.esp32.impl.ingest;

import io.holdfast.esp32.impl.wire.Decoded;
import io.holdfast.esp32.impl.wire.DeviceChannel;
import io.holdfast.esp32.impl.wire.Frame;
import io.holdfast.esp32.impl.wire.FrameDecoder;
import io.holdfast.esp32.impl.wire.LineFramer;
import io.holdfast.esp32.impl.wire.RejectReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.junit.After;
import org.junit.Test;

/**
 * Feeds the pipeline more than a million random and mutated frames, and byte streams cut at random places: nothing may
 * throw or fail inside, and every frame must be accounted for as accepted or rejected by one reason.
 */
public class PipelineFuzzTest {

    private static final int FRAMES = 1_100_000;
    private static final String[] CORPUS = corpus();

    private final AtomicLong published = new AtomicLong();
    private Pipeline pipeline;

    private static String[] corpus() {
        List<String> l = new ArrayList<>(List.of(
                "{\"t\":\"hello\",\"mac\":\"3C:E9:0E:72:12:4C\",\"fw\":\"0.3.1\",\"chip\":\"ESP32-WROOM\","
                        + "\"sensors\":[\"pt100\",\"rssi\"],\"uptime\":93387,\"seq\":1}",
                "{\"t\":\"r\",\"mac\":\"3C:E9:0E:72:12:4C\",\"seq\":1234,\"uptime\":93387,\"type\":\"pt100\","
                        + "\"v\":{\"ma\":12.31}}",
                "{\"t\":\"r\",\"mac\":\"3C:E9:0E:72:12:4C\",\"src\":\"40:91:51:CB:A4:64\",\"seq\":7,"
                        + "\"ts\":1767225600000,\"type\":\"temperature\",\"v\":{\"temperature\":4.5,\"raw\":[1,2]}}",
                "{\"t\":\"rb\",\"mac\":\"3C:E9:0E:72:12:4C\",\"items\":[{\"seq\":1,\"uptime\":10,\"type\":\"pt100\","
                        + "\"v\":{\"ma\":4}},{\"seq\":2,\"uptime\":20,\"type\":\"pt100\",\"v\":{\"ma\":5}}]}",
                "{\"t\":\"st\",\"mac\":\"3C:E9:0E:72:12:4C\",\"rssi\":-51,\"heap\":81234}",
                "{\"macAddress\":\"3C:E9:0E:72:12:4C\", \"timestamp\":93387, \"rssi\":65}",
                "{\"macAddress\":\"40:91:51:CB:A4:64\", \"timestamp\":93387, \"temperature\":21.37}"));
        int n = l.size();
        for (int i = 0; i < n; i++) {
            l.add(Crc.suffixed(l.get(i)));
        }
        return l.toArray(new String[0]);
    }

    private static final String M = "3C:E9:0E:72:12:4C";
    /** What each corpus frame encodes, written by hand: see {@link #signature(Frame)}. */
    private static final String[] EXPECTED = { "hello " + M + " seq=1", "r " + M + " [null 1234 pt100 {ma=12.31}]",
            "r " + M + " [40:91:51:CB:A4:64 7 temperature {temperature=4.5, raw=[1, 2]}]",
            "rb " + M + " [null 1 pt100 {ma=4}] [null 2 pt100 {ma=5}]", "st " + M + " rssi=-51",
            "seed " + M + " [null null rssi {rssi=65}]",
            "seed 40:91:51:CB:A4:64 [null null temperature {temperature=21.37}]" };

    /** A decoded frame as text, to compare with what it was built from. */
    static String signature(Frame f) {
        if (f instanceof Frame.Hello h) {
            return "hello " + h.mac() + " seq=" + h.seq();
        }
        if (f instanceof Frame.Status st) {
            return "st " + st.mac() + " rssi=" + st.rssiDbm();
        }
        Frame.Readings rs = (Frame.Readings) f;
        StringBuilder b = new StringBuilder(rs.seed() ? "seed " : rs.batch() ? "rb " : "r ").append(rs.mac());
        for (Frame.Item i : rs.items()) {
            b.append(" [").append(i.source()).append(' ').append(i.seq()).append(' ').append(i.type()).append(' ')
                    .append(i.values()).append(']');
        }
        return b.toString();
    }

    /** A valid frame and what it must decode to; {@code expected} is {@code null} for frames that may be anything. */
    record Sample(byte[] bytes, String expected) {
    }

    /** CRC suffix helper (the test's own, not the driver's). */
    private static final class Crc {
        static String suffixed(String json) {
            return io.holdfast.simulator.Crc.suffixed(json);
        }
    }

    @After
    public void stop() {
        if (pipeline != null) {
            pipeline.stop();
        }
    }

    private Pipeline start() {
        pipeline = new Pipeline(IngestSettings.defaults().withBufferSize(200_000).withPublishThreads(4)
                .withLogIntervalMs(60_000).withMaxDevices(500), TimeSource.SYSTEM, new SeqStore(null));
        pipeline.start();
        pipeline.publisher(new Fakes.ListenerlessPublisher() {
            @Override
            public String publish(KuraMessage message) {
                published.incrementAndGet();
                return null;
            }
        });
        pipeline.codecs().add(new CodecRegistry.Entry(Fakes.TEMPERATURE, List.of("temperature"), 0, 1));
        pipeline.codecs().add(new CodecRegistry.Entry(Fakes.TEMPERATURE, List.of("rssi"), 0, 2));
        return pipeline;
    }

    static byte[] frame(Random r) {
        return sample(r).bytes();
    }

    static Sample sample(Random r) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            byte[] b = new byte[r.nextInt(1100)];
            r.nextBytes(b);
            return new Sample(b, null);
        }
        int index = r.nextInt(CORPUS.length);
        byte[] b = CORPUS[index].getBytes(StandardCharsets.UTF_8);
        String expected = EXPECTED[index % EXPECTED.length];
        if (kind == 1) {
            return new Sample(b, expected); // valid
        }
        if (kind == 2) {
            // a valid frame from a random device and sequence number (beyond 32 bits it must be refused)
            String mac = String.format("3C:E9:0E:%02X:%02X:%02X", r.nextInt(256), r.nextInt(256), r.nextInt(4));
            long seq = r.nextLong() & 0x1FFFF_FFFFL;
            String s = new String(b, StandardCharsets.UTF_8).replace(M, mac).replace("1234", Long.toString(seq));
            String e = expected.replace(M, mac).replace(" 1234 ", " " + seq + " ");
            boolean tooBig = expected.contains(" 1234 ") && seq > 0xFFFF_FFFFL;
            // a frame with a CRC suffix that was changed no longer matches its CRC
            boolean crcBroken = index >= EXPECTED.length && !s.equals(CORPUS[index]);
            return new Sample(s.getBytes(StandardCharsets.UTF_8), crcBroken ? "bad.crc" : tooBig ? "out.of.range" : e);
        }
        int mutations = 1 + r.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            b = mutate(b, r);
        }
        return new Sample(b, null);
    }

    private static final String[] TOKENS = { "\"", "{", "}", "[", "]", ":", ",", "\\", "\\u", "null", "true", "-",
            "1e999", "99999999999999999999", "-1", "0.5", "\"t\"", "\"r\"", "\"rb\"", "\"items\"", "\"v\"", "\t",
            "\tFFFF", "\u00e9", "\ud83d\ude00" };

    private static byte[] mutate(byte[] b, Random r) {
        if (b.length == 0) {
            return TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
        }
        int at = r.nextInt(b.length);
        switch (r.nextInt(6)) {
        case 0: {
            byte[] c = b.clone();
            c[at] = (byte) r.nextInt(256);
            return c;
        }
        case 1: {
            byte[] c = b.clone();
            c[at] ^= (byte) (1 << r.nextInt(8));
            return c;
        }
        case 2: {
            byte[] c = new byte[b.length - 1];
            System.arraycopy(b, 0, c, 0, at);
            System.arraycopy(b, at + 1, c, at, b.length - at - 1);
            return c;
        }
        case 3: {
            byte[] t = TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
            byte[] c = new byte[b.length + t.length];
            System.arraycopy(b, 0, c, 0, at);
            System.arraycopy(t, 0, c, at, t.length);
            System.arraycopy(b, at, c, at + t.length, b.length - at);
            return c;
        }
        case 4:
            return java.util.Arrays.copyOf(b, at);
        default: {
            // repeat a slice: deep nesting, long lines, duplicate keys
            int len = Math.min(b.length - at, 1 + r.nextInt(200));
            byte[] c = new byte[b.length + len];
            System.arraycopy(b, 0, c, 0, at + len);
            System.arraycopy(b, at, c, at + len, b.length - at);
            return c;
        }
        }
    }

    @Test
    public void aMillionFramesNoCrashEveryFrameAccountedFor() throws Exception {
        start();
        int threads = 2;
        List<Thread> ts = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicLong valid = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    Random r = new Random(42 + id);
                    Session s = new Session("fuzz-" + id, new DeviceChannel() {
                        @Override
                        public void ack(String source, long seq) {
                        }

                        @Override
                        public void send(String json) {
                        }

                        @Override
                        public boolean isOpen() {
                            return true;
                        }
                    }, id == 0 ? null : Map.of("3C:E9:0E:72:12:4C", "x"), false, 0);
                    for (int i = 0; i < FRAMES / threads; i++) {
                        Sample f = sample(r);
                        pipeline.receive(s, f.bytes(), 0, f.bytes().length);
                        if (f.expected() != null) {
                            // the decoder alone: the pipeline may still refuse it (tokens, a full registry)
                            Decoded d = FrameDecoder.decode(f.bytes(), 0, f.bytes().length, false);
                            String got = d.accepted() ? signature(d.frame()) : d.reason().key();
                            if (!got.equals(f.expected())) {
                                wrong.add(f.expected() + " decoded as " + got);
                            }
                            valid.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        assertThat(failures).isEmpty();
        Map<String, Long> c = pipeline.counters();
        long accepted = c.getOrDefault("frames.accepted", 0L);
        long rejected = c.getOrDefault("frames.rejected", 0L);
        long byReason = 0;
        for (RejectReason reason : RejectReason.values()) {
            byReason += c.getOrDefault("frames.rejected." + reason.key(), 0L);
        }
        assertThat(valid.get()).as("valid frames checked").isGreaterThan(FRAMES / 10);
        assertThat(wrong).as("valid frames that did not decode to what they encode").isEmpty();
        assertThat(accepted + rejected).as("accepted + rejected = sent").isEqualTo(FRAMES);
        assertThat(byReason).as("rejects by reason = rejects").isEqualTo(rejected);
        assertThat(c.getOrDefault("internal.errors", 0L)).isZero();
        for (RejectReason reason : new RejectReason[] { RejectReason.TOO_LONG, RejectReason.NOT_JSON,
                RejectReason.BAD_CRC, RejectReason.MISSING_FIELD, RejectReason.UNKNOWN_TYPE, RejectReason.OUT_OF_RANGE,
                RejectReason.UNAUTHORIZED }) {
            assertThat(c.getOrDefault("frames.rejected." + reason.key(), 0L)).as(reason.key()).isPositive();
        }
        assertThat(accepted).as("valid frames got through: " + c).isGreaterThan(FRAMES / 20);
        // every reading that was accepted is published or still on its way, none is lost inside
        await().atMost(Duration.ofSeconds(60))
                .until(() -> published.get() == pipeline.counter("readings.in") - pipeline.counter("buffer.overflow"));
        assertThat(pipeline.counter("buffer.overflow")).isZero();
    }

    @Test
    public void randomByteStreamsCutAnywhere() {
        start();
        Random r = new Random(7);
        Session s = new Session("stream", null, null, false, 0);
        long[] outcomes = new long[1];
        LineFramer framer = new LineFramer();
        LineFramer.Sink sink = new LineFramer.Sink() {
            @Override
            public void line(byte[] buf, int off, int len) {
                outcomes[0]++;
                pipeline.receive(s, buf, off, len);
            }

            @Override
            public void tooLong() {
                outcomes[0]++;
                pipeline.tooLong(s);
            }
        };
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 50_000; i++) {
            byte[] f = frame(r);
            stream.write(f, 0, f.length);
            if (r.nextInt(20) != 0) {
                stream.write('\n');
            }
        }
        byte[] all = stream.toByteArray();
        int pos = 0;
        while (pos < all.length) {
            int n = Math.min(all.length - pos, 1 + r.nextInt(3000));
            framer.feed(all, pos, n, sink);
            pos += n;
        }
        Map<String, Long> c = pipeline.counters();
        assertThat(c.getOrDefault("frames.accepted", 0L) + c.getOrDefault("frames.rejected", 0L))
                .isEqualTo(outcomes[0]);
        assertThat(c.getOrDefault("internal.errors", 0L)).isZero();
        assertThat(outcomes[0]).isGreaterThan(40_000);
    }
}
