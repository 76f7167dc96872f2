package io.holdfast.esp32.impl;

import com.fazecast.jSerialComm.SerialPort;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.api.status.StatusProvider;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serial port to an ESP32 gateway device, through jSerialComm. One thread owns the port: it reads with a short
 * timeout, and between reads writes the downlink (coalesced acks, time sync, OLED). When the port fails (unplugged) or
 * carries nothing valid for the idle timeout, it is closed and reopened with exponential back-off.
 */
@Component(name = SerialLink.PID, configurationPid = SerialLink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {
        StatusProvider.class, ConfigurableComponent.class })
@Designate(ocd = SerialLinkConfig.class, factory = true)
public class SerialLink implements StatusProvider, ConfigurableComponent {

    static final String PID = "io.holdfast.esp32.SerialLink";
    private static final Logger LOG = LoggerFactory.getLogger(SerialLink.class);

    private final Pipeline pipeline;
    private final SerialLinkConfig config;
    private final LinkState state;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile SerialChannel channel;

    @Activate
    public SerialLink(@Reference Gateway gateway, SerialLinkConfig config, Map<String, Object> props) {
        this.pipeline = gateway.pipeline();
        this.config = config;
        String id = LinkState.linkId(props, PID);
        this.state = new LinkState(id, LinkStatus.Kind.SERIAL, config.port() + " @" + config.baud() + " "
                + config.data_bits() + config.parity().toUpperCase().charAt(0) + config.stop_bits());
        this.thread = new Thread(this::run, "esp32-serial-" + id);
        thread.setDaemon(true);
        if (config.enabled()) {
            thread.start();
        } else {
            state.state(LinkStatus.State.DOWN, null);
        }
    }

    @Deactivate
    void deactivate() {
        stop.countDown();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state.state(LinkStatus.State.DOWN, null);
    }

    private boolean stopping() {
        return stop.getCount() == 0;
    }

    private void run() {
        long backoff = 1_000;
        long maxBackoff = config.reopen_backoff_max_seconds() * 1000L;
        byte[] buf = new byte[4096];
        LineFramer framer = new LineFramer();
        while (!stopping()) {
            SerialPort port = null;
            try {
                state.state(LinkStatus.State.CONNECTING, null);
                port = SerialPort.getCommPort(config.port());
                port.setComPortParameters(config.baud(), config.data_bits(),
                        config.stop_bits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT,
                        switch (config.parity()) {
                        case "even" -> SerialPort.EVEN_PARITY;
                        case "odd" -> SerialPort.ODD_PARITY;
                        default -> SerialPort.NO_PARITY;
                        });
                port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
                port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 100,
                        1_000);
                if (!port.openPort()) {
                    throw new IllegalStateException(
                            "cannot open " + config.port() + " (error " + port.getLastErrorCode() + ")");
                }
                state.state(LinkStatus.State.UP, null);
                state.reconnects.incrementAndGet();
                LOG.info("Serial link {} open on {}", state.id, state.status().detail());
                backoff = 1_000;
                SerialChannel ch = new SerialChannel(port);
                channel = ch;
                Session session = new Session(state.id, ch, null, false, TimeSource.SYSTEM.monoMillis());
                ch.session = session;
                framer.reset();
                LineFramer.Sink sink = new LineFramer.Sink() {
                    @Override
                    public void line(byte[] b, int off, int len) {
                        state.counted(pipeline.receive(session, b, off, len));
                    }

                    @Override
                    public void tooLong() {
                        pipeline.tooLong(session);
                        state.frames.incrementAndGet();
                        state.rejects.incrementAndGet();
                    }
                };
                long idleMs = config.idle_timeout_seconds() * 1000L;
                while (!stopping()) {
                    int n = port.readBytes(buf, buf.length);
                    if (n < 0) {
                        throw new IllegalStateException("read failed (unplugged?), error " + port.getLastErrorCode());
                    }
                    if (n > 0) {
                        framer.feed(buf, 0, n, sink);
                    }
                    ch.flush();
                    if (TimeSource.SYSTEM.monoMillis() - session.lastValidMono > idleMs) {
                        pipeline.count("serial.idle.reopened");
                        throw new IllegalStateException("no valid frame for " + config.idle_timeout_seconds() + " s");
                    }
                }
            } catch (RuntimeException e) {
                if (!stopping()) {
                    state.state(LinkStatus.State.ERROR, e.getMessage());
                    LOG.warn("Serial link {}: {}; reopening in {} ms", state.id, e.getMessage(), backoff);
                }
            } finally {
                SerialChannel ch = channel;
                if (ch != null) {
                    ch.open = false;
                }
                channel = null;
                if (port != null) {
                    port.closePort();
                }
            }
            try {
                if (stop.await(backoff, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, maxBackoff);
        }
    }

    /** The downlink: filled by any thread, written by the port's thread between reads. */
    private static final class SerialChannel implements DeviceChannel {
        final SerialPort port;
        final ConcurrentHashMap<String, Long> acks = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> sends = new ConcurrentLinkedQueue<>();
        volatile boolean open = true;
        Session session;

        SerialChannel(SerialPort port) {
            this.port = port;
        }

        @Override
        public void ack(String source, long seq) {
            acks.merge(source == null ? "" : source, seq, (a, b) -> (int) (b - a) > 0 ? b : a);
        }

        @Override
        public void send(String json) {
            if (sends.size() < 1_000) {
                sends.add(json);
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        void flush() {
            for (String src : acks.keySet()) {
                Long seq = acks.remove(src);
                if (seq != null) {
                    write(src.isEmpty() ? "{\"t\":\"ack\",\"seq\":" + seq + "}"
                            : "{\"t\":\"ack\",\"src\":" + Json.quote(src) + ",\"seq\":" + seq + "}");
                }
            }
            String s;
            while ((s = sends.poll()) != null) {
                write(s);
            }
        }

        private void write(String json) {
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            String line = json + (session.deviceUsesCrc ? Crc16.suffix(b) : "") + "\n";
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (port.writeBytes(bytes, bytes.length) < 0) {
                throw new IllegalStateException("write failed (unplugged?)");
            }
        }
    }

    @Override
    public GatewayStatus status() {
        return state.gatewayStatus(Map.of());
    }
}
