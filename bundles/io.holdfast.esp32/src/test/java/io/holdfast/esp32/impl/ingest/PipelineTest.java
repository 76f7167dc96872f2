package io.holdfast.esp32.impl.ingest;

import io.holdfast.esp32.impl.wire.Decoded;
import io.holdfast.esp32.impl.wire.FrameDecoder;
import io.holdfast.esp32.impl.wire.RejectReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.codec.CodecException;
import io.holdfast.api.reading.ReadingFlag;
import io.holdfast.api.status.DeviceStatus;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.testkit.RecordingPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.After;
import org.junit.Test;

public class PipelineTest {

    private static final String MAC = "3C:E9:0E:72:12:4C";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Fakes.Clock clock = new Fakes.Clock();
    private final RecordingPublisher publisher = new RecordingPublisher() {
        @Override
        public String publish(KuraMessage message) throws KuraException {
            String id = super.publish(message);
            events.add("published " + message.getPayload().getMetric("seq"));
            return id;
        }
    };
    private final Fakes.Channel channel = new Fakes.Channel(events);
    private Pipeline pipeline;
    private Session session;

    private Pipeline start(IngestSettings s) {
        pipeline = new Pipeline(s, clock, new SeqStore(null));
        pipeline.start();
        session = new Session("tcp-test", channel, null, false, clock.monoMillis());
        return pipeline;
    }

    private Pipeline start() {
        return start(IngestSettings.defaults());
    }

    private static IngestSettings withBuffer(int size, int threads) {
        return IngestSettings.defaults().withBufferSize(size).withPublishThreads(threads);
    }

    @After
    public void stop() {
        if (pipeline != null) {
            pipeline.stop();
        }
    }

    private Decoded send(String line) {
        byte[] b = Fakes.bytes(line);
        return pipeline.receive(session, b, 0, b.length);
    }

    private Decoded reading(long seq, long uptime) {
        return send("{\"t\":\"r\",\"mac\":\"" + MAC + "\",\"seq\":" + seq + ",\"uptime\":" + uptime
                + ",\"type\":\"temperature\",\"v\":{\"temperature\":21.5}}");
    }

    @Test
    public void acksOnlyAfterPublishReturned() {
        start(withBuffer(100, 1));
        publisher.hold();
        pipeline.publisher(publisher);
        for (long s = 1; s <= 3; s++) {
            assertThat(reading(s, 1000 * s).accepted()).isTrue();
        }
        await().atMost(WAIT).until(() -> publisher.calls() == 1);
        assertThat(channel.acks).as("publish() has not returned: nothing may be acked").isEmpty();
        publisher.release();
        await().atMost(WAIT).until(() -> channel.lastAck() == 3);
        // every ack follows the publish of the reading it covers
        for (long s = 1; s <= 3; s++) {
            int ack = events.indexOf("ack " + s);
            if (ack >= 0) {
                assertThat(events.indexOf("published " + s)).isBetween(0, ack);
            }
        }
    }

    @Test
    public void withoutPublisherReadingsWaitUnackedThenFlow() {
        start();
        for (long s = 10; s < 15; s++) {
            reading(s, 1000 * s);
        }
        await().atMost(WAIT).until(() -> pipeline.buffered() + pipeline.counter("readings.in") > 0);
        assertThat(pipeline.counter("readings.published")).isZero();
        assertThat(channel.acks).isEmpty();
        pipeline.publisher(publisher);
        await().atMost(WAIT).until(() -> channel.lastAck() == 14);
        assertThat(publisher.metric("seq")).containsExactlyInAnyOrder(10L, 11L, 12L, 13L, 14L);
    }

    @Test
    public void overflowIsCountedAndTheDeviceResendsIt() {
        start(withBuffer(2, 1));
        for (long s = 1; s <= 5; s++) {
            reading(s, 1000 * s);
        }
        // one reading may already sit in the (publisher-less) worker, so 2 or 3 were dropped
        long dropped = pipeline.counter("buffer.overflow");
        assertThat(dropped).isBetween(2L, 3L);
        assertThat(pipeline.status().counter("buffer.overflow")).isEqualTo(dropped);
        pipeline.publisher(publisher);
        await().atMost(WAIT).until(() -> pipeline.counter("readings.published") == 5 - dropped);
        assertThat(channel.lastAck()).as("acks stop before the first dropped reading").isLessThan(5);
        // the device re-sends what was not acked, until it is
        await().atMost(WAIT).until(() -> {
            for (long s = channel.lastAck() + 1; s <= 5; s++) {
                reading(s, 1000 * s);
            }
            return channel.lastAck() == 5;
        });
        assertThat(pipeline.counter("device.reboots")).as("re-sent readings are no clock samples").isZero();
        assertThat(publisher.metric("seq")).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    public void failedPublishesAreRetried() {
        start();
        publisher.failNext(2);
        pipeline.publisher(publisher);
        reading(1, 1000);
        await().atMost(WAIT).until(() -> channel.lastAck() == 1);
        assertThat(pipeline.counter("publish.failures")).isEqualTo(2);
        assertThat(publisher.messages()).hasSize(1);
    }

    @Test
    public void duplicatesAreDroppedAndAckedAgain() {
        start();
        publisher.hold();
        pipeline.publisher(publisher);
        reading(7, 1000);
        reading(7, 1000); // in flight
        publisher.release();
        await().atMost(WAIT).until(() -> channel.lastAck() == 7);
        int acks = channel.acks.size();
        reading(7, 1000); // stored already: the device missed the ack
        assertThat(channel.acks).hasSize(acks + 1);
        assertThat(publisher.messages()).hasSize(1);
        assertThat(pipeline.counter("readings.duplicate")).isEqualTo(2);
    }

    @Test
    public void seedPayloadsGetSequenceNumbersAndDuplicatesAreDropped() {
        start();
        pipeline.publisher(publisher);
        String p1 = "{\"macAddress\":\"40:91:51:CB:A4:64\", \"timestamp\":93387, \"temperature\":21.37}";
        String p2 = "{\"macAddress\":\"40:91:51:CB:A4:64\", \"timestamp\":103387, \"temperature\":21.40}";
        send(p1);
        send(p1); // QoS 1 redelivery or a retained message again
        clock.advance(10_000);
        send(p2);
        await().atMost(WAIT).until(() -> publisher.count() == 2);
        assertThat(publisher.metric("seq")).containsExactlyInAnyOrder(0L, 1L);
        assertThat(publisher.metric("flags").get(0).toString()).contains("SEQ_ASSIGNED", "TIME_FROM_UPTIME",
                "UNDECODED");
        assertThat(pipeline.counter("readings.duplicate")).isEqualTo(1);
        assertThat(channel.acks).as("seq-less devices get no acks").isEmpty();
    }

    @Test
    public void codecsAreFoundByTypeAndPickedUpWithoutRestart() {
        start(withBuffer(100, 1));
        pipeline.publisher(publisher);
        reading(1, 1000);
        await().atMost(WAIT).until(() -> publisher.count() == 1);
        KuraPayload raw = publisher.messages().get(0).getPayload();
        assertThat(raw.getMetric("temperature")).isEqualTo(21.5);
        assertThat(raw.getMetric("flags").toString()).contains("UNDECODED");
        assertThat(pipeline.counter(GatewayStatus.COUNTER_UNDECODED)).isEqualTo(1);

        Fakes.TemperatureCodec codec = new Fakes.TemperatureCodec();
        pipeline.codecs().add(new CodecRegistry.Entry(codec, List.of("temperature"), 0, 1));
        reading(2, 2000);
        await().atMost(WAIT).until(() -> publisher.count() == 2);
        assertThat(codec.contexts).as("the driver calls the codec with the reading's context").singleElement()
                .satisfies(c -> {
                    assertThat(c.deviceId()).isEqualTo(MAC);
                    assertThat(c.source()).isEqualTo(MAC);
                    assertThat(c.sensorType()).isEqualTo("temperature");
                });
        KuraPayload decoded = publisher.messages().get(1).getPayload();
        assertThat(decoded.getMetric("temperature")).isEqualTo(21.5);
        assertThat(decoded.getMetric("temperature.unit")).isEqualTo("Cel");
        assertThat(decoded.getMetric("flags").toString()).doesNotContain("UNDECODED");

        // a higher-ranked codec wins; one that fails leaves the reading raw and counted
        pipeline.codecs().add(new CodecRegistry.Entry((t, v) -> {
            throw new CodecException("broken");
        }, List.of("temperature"), 10, 2));
        reading(3, 3000);
        await().atMost(WAIT).until(() -> publisher.count() == 3);
        assertThat(publisher.messages().get(2).getPayload().getMetric("flags").toString()).contains("UNDECODED");
        assertThat(pipeline.counter("codec.errors")).isEqualTo(1);
    }

    @Test
    public void messageCarriesDeviceTimeAndIdentity() {
        start();
        pipeline.publisher(publisher);
        long rxWall = clock.wallMillis();
        send("{\"t\":\"r\",\"mac\":\"" + MAC + "\",\"seq\":42,\"uptime\":93387,\"type\":\"rssi\",\"v\":{\"dbm\":-60}}");
        await().atMost(WAIT).until(() -> publisher.count() == 1);
        KuraPayload p = publisher.messages().get(0).getPayload();
        assertThat(p.getTimestamp().getTime()).as("the only frame: mapped to its receive time").isEqualTo(rxWall);
        assertThat(p.getMetric("device")).isEqualTo(MAC);
        assertThat(p.getMetric("source")).isEqualTo(MAC);
        assertThat(p.getMetric("sensor.type")).isEqualTo("rssi");
        assertThat(p.getMetric("seq")).isEqualTo(42L);
        assertThat(p.getMetric("received.at")).isEqualTo(rxWall);
        assertThat(p.getMetric("uptime")).isEqualTo(93387L);
        assertThat(publisher.messages().get(0).getProperties()).containsEntry("device", MAC).containsEntry("seq", 42L);
    }

    @Test
    public void clockMappingRebootAndFutureTs() {
        start();
        pipeline.publisher(publisher);
        send("{\"t\":\"hello\",\"mac\":\"" + MAC + "\",\"fw\":\"1\",\"uptime\":1000}");
        assertThat(channel.sent).anyMatch(s -> s.startsWith("{\"t\":\"time\",\"epoch\":"));
        long boot = clock.wallMillis() - 1000;
        clock.advance(60_000);
        reading(1, 61_000);
        clock.advance(1_000);
        reading(2, 500); // uptime went back: rebooted half a second ago
        long reboot = clock.wallMillis() - 500;
        clock.advance(1_000);
        send("{\"t\":\"r\",\"mac\":\"" + MAC + "\",\"seq\":3,\"ts\":" + (clock.wallMillis() + 3_600_000)
                + ",\"type\":\"x\",\"v\":{\"a\":1}}");
        await().atMost(WAIT).until(() -> publisher.count() == 3);
        Map<Object, KuraPayload> bySeq = new java.util.HashMap<>();
        publisher.messages().forEach(m -> bySeq.put(m.getPayload().getMetric("seq"), m.getPayload()));
        assertThat(bySeq.get(1L).getTimestamp().getTime()).isEqualTo(boot + 61_000);
        assertThat(bySeq.get(2L).getTimestamp().getTime()).isEqualTo(reboot + 500);
        assertThat(bySeq.get(2L).getMetric("flags").toString()).contains("AFTER_REBOOT");
        assertThat(bySeq.get(3L).getMetric("flags").toString()).contains("TIME_UNTRUSTED");
        assertThat(bySeq.get(3L).getTimestamp().getTime()).isEqualTo(clock.wallMillis());
        assertThat(pipeline.counter("device.reboots")).isEqualTo(1);
    }

    @Test
    public void tokensGuardTheLink() {
        start();
        session = new Session("tcp-auth", channel, Map.of(MAC, "s3cret"), false, clock.monoMillis());
        assertThat(reading(1, 1).reason()).isEqualTo(RejectReason.UNAUTHORIZED);
        assertThat(send("{\"t\":\"hello\",\"mac\":\"" + MAC + "\",\"token\":\"wrong\"}").reason())
                .isEqualTo(RejectReason.UNAUTHORIZED);
        assertThat(send("{\"t\":\"hello\",\"mac\":\"" + MAC + "\",\"token\":\"s3cret\"}").accepted()).isTrue();
        assertThat(reading(1, 1).accepted()).isTrue();
        assertThat(send("{\"t\":\"st\",\"mac\":\"AA:BB:CC:DD:EE:FF\"}").reason()).isEqualTo(RejectReason.UNAUTHORIZED);
        assertThat(pipeline.counter("frames.rejected.unauthorized")).isEqualTo(3);
    }

    @Test
    public void aHoleIsGivenUpAfterTheGapTimeout() {
        start();
        pipeline.publisher(publisher);
        reading(1, 1000);
        reading(3, 3000);
        await().atMost(WAIT).until(() -> publisher.count() == 2);
        await().atMost(WAIT).until(() -> channel.lastAck() == 1);
        clock.advance(61_000);
        pipeline.housekeeping();
        assertThat(channel.lastAck()).isEqualTo(3);
        DeviceStatus d = pipeline.status().devices().get(0);
        assertThat(d.gaps()).isEqualTo(1);
        assertThat(d.readings()).isEqualTo(2);
    }

    @Test
    public void relayedNodesAreTrackedAndAckedBySource() {
        start();
        pipeline.publisher(publisher);
        send("{\"t\":\"r\",\"mac\":\"" + MAC + "\",\"src\":\"40:91:51:CB:A4:64\",\"seq\":9,\"uptime\":5,"
                + "\"type\":\"temperature\",\"v\":{\"temperature\":3.5}}");
        await().atMost(WAIT).until(() -> channel.srcAcks.contains("40:91:51:CB:A4:64#9"));
        DeviceStatus d = pipeline.status().devices().get(0);
        assertThat(d.sources()).containsExactly("40:91:51:CB:A4:64");
        assertThat(d.sensors()).contains("temperature");
        assertThat(publisher.messages().get(0).getPayload().getMetric("source")).isEqualTo("40:91:51:CB:A4:64");
        assertThat(publisher.messages().get(0).getProperties()).containsEntry("device", "40:91:51:CB:A4:64")
                .containsEntry("relay", MAC).containsEntry("seq", 9L);
    }

    @Test
    public void statusFramesFeedTheRegistry() {
        start();
        send("{\"t\":\"hello\",\"mac\":\"" + MAC + "\",\"fw\":\"0.3.1\",\"chip\":\"ESP32-WROOM\","
                + "\"sensors\":[\"pt100\"],\"uptime\":1}");
        send("{\"t\":\"st\",\"mac\":\"" + MAC + "\",\"rssi\":-51,\"heap\":81234}");
        DeviceStatus d = pipeline.status().devices().get(0);
        assertThat(d.firmware()).isEqualTo("0.3.1");
        assertThat(d.chip()).isEqualTo("ESP32-WROOM");
        assertThat(d.rssiDbm()).isEqualTo(-51);
        assertThat(d.rssiPercent()).isEqualTo(65);
        assertThat(d.linkId()).isEqualTo("tcp-test");
        assertThat(pipeline.status().counter("frames.accepted")).isEqualTo(2);
    }

    @Test
    public void replayedBatchesAreFlagged() {
        start();
        pipeline.publisher(publisher);
        send("{\"t\":\"hello\",\"mac\":\"" + MAC + "\",\"uptime\":50000}");
        send("{\"t\":\"rb\",\"mac\":\"" + MAC
                + "\",\"items\":[{\"seq\":1,\"uptime\":1000,\"type\":\"x\",\"v\":{\"a\":1}},"
                + "{\"seq\":2,\"uptime\":2000,\"type\":\"x\",\"v\":{\"a\":2}}]}");
        await().atMost(WAIT).until(() -> channel.lastAck() == 2);
        assertThat(publisher.metric("flags")).allMatch(f -> f.toString().contains(ReadingFlag.REPLAYED.name())
                && f.toString().contains(ReadingFlag.TIME_FROM_UPTIME.name()));
        long boot = clock.wallMillis() - 50_000;
        assertThat(publisher.messages()).extracting(m -> m.getPayload().getTimestamp().getTime())
                .containsExactlyInAnyOrder(boot + 1000, boot + 2000);
    }

    @Test
    public void seedRssiReadingsFeedTheDeviceStatusWithoutACodec() {
        start();
        // the seed firmware's gateway topic: RSSI in percent, as a reading, never a status frame
        byte[] seed = Fakes.bytes("{\"macAddress\":\"" + MAC + "\", \"timestamp\":93387, \"rssi\":65}");
        FrameDecoder.Hint hint = new FrameDecoder.Hint("rssi", MAC);
        assertThat(pipeline.receive(session, seed, 0, seed.length, hint, Completion.NONE).accepted()).isTrue();
        DeviceStatus d = pipeline.status().devices().get(0);
        assertThat(d.rssiDbm()).isEqualTo(DeviceStatus.rssiDbmFromPercent(65));
        assertThat(d.rssiPercent()).isEqualTo(65);
        // a native rssi reading in dBm, then a status frame: the newest wins
        send("{\"t\":\"r\",\"mac\":\"" + MAC + "\",\"seq\":1,\"uptime\":94000,\"type\":\"rssi\",\"v\":{\"dbm\":-72}}");
        assertThat(pipeline.status().devices().get(0).rssiDbm()).isEqualTo(-72);
        send("{\"t\":\"st\",\"mac\":\"" + MAC + "\",\"rssi\":-51}");
        assertThat(pipeline.status().devices().get(0).rssiDbm()).isEqualTo(-51);
        // a relayed node's signal strength is not its relay's, and a value out of range changes nothing
        send("{\"t\":\"r\",\"mac\":\"" + MAC
                + "\",\"src\":\"40:91:51:CB:A4:64\",\"seq\":1,\"uptime\":95000,\"type\":\"rssi\",\"v\":{\"dbm\":-90}}");
        send("{\"t\":\"r\",\"mac\":\"" + MAC
                + "\",\"seq\":2,\"uptime\":96000,\"type\":\"rssi\",\"v\":{\"percent\":140}}");
        assertThat(pipeline.status().devices().get(0).rssiDbm()).isEqualTo(-51);
    }
}
