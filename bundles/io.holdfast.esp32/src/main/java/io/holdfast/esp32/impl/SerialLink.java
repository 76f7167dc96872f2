package io.holdfast.esp32.impl;

import com.fazecast.jSerialComm.SerialPort;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.api.status.StatusProvider;
import io.holdfast.esp32.impl.ingest.Ingest;
import io.holdfast.esp32.impl.ingest.LinkState;
import io.holdfast.esp32.impl.ingest.Session;
import io.holdfast.esp32.impl.ingest.TimeSource;
import io.holdfast.esp32.impl.wire.DownlinkQueue;
import io.holdfast.esp32.impl.wire.FlowControl;
import io.holdfast.esp32.impl.wire.FrameEncoder;
import io.holdfast.esp32.impl.wire.LineFramer;
import java.util.Map;
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
    /** Downlink frames (not acks) kept between two writes. */
    private static final int MAX_QUEUED_FRAMES = 1_000;

    private final Ingest ingest;
    private final SerialLinkConfig config;
    private final LinkState state;
    private final ReconnectLoop loop;

    @Activate
    public SerialLink(@Reference Ingest ingest, SerialLinkConfig config, Map<String, Object> props) {
        this.ingest = ingest;
        this.config = config;
        String id = LinkState.linkId(props, PID);
        this.state = new LinkState(id, LinkStatus.Kind.SERIAL, config.port() + " @" + config.baud() + " "
                + config.data_bits() + config.parity().toUpperCase().charAt(0) + config.stop_bits());
        this.loop = new ReconnectLoop("Serial link", "esp32-serial-" + id, state,
                config.reopen_backoff_max_seconds() * 1000L, this::serve);
        if (config.enabled()) {
            loop.start();
        } else {
            state.state(LinkStatus.State.DOWN, null);
        }
    }

    @Deactivate
    void deactivate() {
        loop.stop(5_000);
    }

    private SerialPort open() {
        SerialPort port = SerialPort.getCommPort(config.port());
        port.setComPortParameters(config.baud(), config.data_bits(),
                config.stop_bits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT, switch (config.parity()) {
                case "even" -> SerialPort.EVEN_PARITY;
                case "odd" -> SerialPort.ODD_PARITY;
                default -> SerialPort.NO_PARITY;
                });
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 100, 1_000);
        if (!port.openPort()) {
            throw new IllegalStateException(
                    "cannot open " + config.port() + " (error " + port.getLastErrorCode() + ")");
        }
        return port;
    }

    /** One open port: read, frame, write the downlink between reads, until it fails or goes idle. */
    private void serve(ReconnectLoop loop) {
        SerialPort port = open();
        // the port's own thread writes the downlink between reads: nothing to wake
        DownlinkQueue downlink = new DownlinkQueue(MAX_QUEUED_FRAMES, () -> {
        });
        try {
            loop.connected();
            LOG.info("Serial link {} open on {}", state.id, state.status().detail());
            Session session = new Session(state.id, downlink, null, false, TimeSource.SYSTEM.monoMillis());
            LineFramer framer = new LineFramer();
            FlowControl flow = new FlowControl(FlowControl.HIGH_WATER, FlowControl.LOW_WATER, FlowControl.HOLD_MS,
                    FlowControl.MAX_DELAY_MS);
            LineFramer.Sink sink = new LineFramer.Sink() {
                @Override
                public void line(byte[] b, int off, int len) {
                    state.counted(ingest.receive(session, b, off, len));
                }

                @Override
                public void tooLong() {
                    ingest.tooLong(session);
                    state.frames.incrementAndGet();
                    state.rejects.incrementAndGet();
                }
            };
            byte[] buf = new byte[4096];
            long idleMs = config.idle_timeout_seconds() * 1000L;
            while (!loop.stopping()) {
                int n = port.readBytes(buf, buf.length);
                if (n < 0) {
                    throw new IllegalStateException("read failed (unplugged?), error " + port.getLastErrorCode());
                }
                if (n > 0) {
                    framer.feed(buf, 0, n, sink);
                }
                // a UART without hardware flow control cannot hold the device back: only the frames can
                switch (flow.update(ingest::below, ingest.backlogMs(), TimeSource.SYSTEM.monoMillis())) {
                case HOLD, RENEW -> downlink.send(FrameEncoder.hold(flow.holdMs()));
                case RESUME -> downlink.send(FrameEncoder.resume());
                case NONE -> {
                    // as it was
                }
                }
                downlink.drain(session.deviceUsesCrc, line -> {
                    if (port.writeBytes(line, line.length) < 0) {
                        throw new IllegalStateException("write failed (unplugged?)");
                    }
                });
                if (TimeSource.SYSTEM.monoMillis() - session.lastValidMono > idleMs) {
                    ingest.count("serial.idle.reopened");
                    throw new IllegalStateException("no valid frame for " + config.idle_timeout_seconds() + " s");
                }
            }
        } finally {
            downlink.close();
            port.closePort();
        }
    }

    @Override
    public GatewayStatus status() {
        return state.gatewayStatus(Map.of());
    }
}
