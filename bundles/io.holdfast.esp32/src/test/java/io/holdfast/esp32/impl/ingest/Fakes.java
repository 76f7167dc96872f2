package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.codec.CodecContext;
import io.holdfast.api.codec.CodecException;
import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.reading.Metric;
import io.holdfast.esp32.impl.wire.DeviceChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;

/** Test doubles for the pipeline's boundaries. */
public final class Fakes {

    /** A codec for the tests' readings: {@code temperature} (a number) in Cel; records the contexts it was given. */
    /** A {@link CloudPublisher} that takes no listeners: the tests' publishers implement only what they publish. */
    abstract static class ListenerlessPublisher implements CloudPublisher {
        @Override
        public void registerCloudConnectionListener(CloudConnectionListener listener) {
        }

        @Override
        public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        }

        @Override
        public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        }

        @Override
        public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        }
    }

    static final class TemperatureCodec implements SensorCodec {
        final List<CodecContext> contexts = new CopyOnWriteArrayList<>();

        @Override
        public List<Metric> decode(String sensorType, Map<String, Object> raw) throws CodecException {
            if (!(raw.get("temperature") instanceof Number n)) {
                throw new CodecException("temperature is not a number: " + raw.get("temperature"));
            }
            return List.of(Metric.of("temperature", n.doubleValue(), "Cel"));
        }

        @Override
        public List<Metric> decode(CodecContext context, Map<String, Object> raw) throws CodecException {
            contexts.add(context);
            return decode(context.sensorType(), raw);
        }
    }

    static final SensorCodec TEMPERATURE = new TemperatureCodec();

    private Fakes() {
    }

    /** A clock the test moves. */
    public static final class Clock implements TimeSource {
        final AtomicLong wall = new AtomicLong(1_767_225_600_000L); // 2026-01-01
        final AtomicLong mono = new AtomicLong(5_000_000);

        @Override
        public long wallMillis() {
            return wall.get();
        }

        @Override
        public long monoMillis() {
            return mono.get();
        }

        void advance(long ms) {
            wall.addAndGet(ms);
            mono.addAndGet(ms);
        }
    }

    /** Records acks and downlink frames. */
    public static final class Channel implements DeviceChannel {
        final List<String> events;
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<Long> acks = new CopyOnWriteArrayList<>();
        final List<String> srcAcks = new CopyOnWriteArrayList<>();

        Channel(List<String> events) {
            this.events = events;
        }

        @Override
        public void ack(String source, long seq) {
            if (source == null) {
                acks.add(seq);
            } else {
                srcAcks.add(source + "#" + seq);
            }
            events.add("ack " + seq);
        }

        @Override
        public void send(String json) {
            sent.add(json);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        long lastAck() {
            return acks.isEmpty() ? -1 : acks.stream().mapToLong(Long::longValue).max().getAsLong();
        }
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
