package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.esp32.impl.wire.Decoded;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The live state of one link, as its {@link LinkStatus} shows it. Thread safe. */
public final class LinkState {

    public final String id;
    public final LinkStatus.Kind kind;
    private volatile String detail;
    private volatile LinkStatus.State state = LinkStatus.State.CONNECTING;
    private volatile Instant since = Instant.now();
    private volatile String lastError;
    public final AtomicLong reconnects = new AtomicLong();
    public final AtomicLong frames = new AtomicLong();
    public final AtomicLong rejects = new AtomicLong();

    /**
     * The id a link reports itself under: the PID Kura shows ({@code kura.service.pid}), else the configuration's PID,
     * else the component's.
     */
    public static String linkId(Map<String, ?> componentProperties, String componentPid) {
        Object id = componentProperties.get("kura.service.pid");
        if (id == null) {
            id = componentProperties.get("service.pid");
        }
        return id == null ? componentPid : String.valueOf(id);
    }

    public LinkState(String id, LinkStatus.Kind kind, String detail) {
        this.id = id;
        this.kind = kind;
        this.detail = detail;
    }

    public void detail(String d) {
        this.detail = d;
    }

    public synchronized void state(LinkStatus.State s, String error) {
        if (s != state) {
            state = s;
            since = Instant.now();
        }
        if (error != null) {
            lastError = error;
        }
    }

    public LinkStatus.State state() {
        return state;
    }

    /** Counts one frame's outcome. */
    public void counted(Decoded d) {
        frames.incrementAndGet();
        if (!d.accepted()) {
            rejects.incrementAndGet();
        }
    }

    public LinkStatus status() {
        return new LinkStatus(id, kind, state, detail, since, lastError, reconnects.get(), frames.get(), rejects.get());
    }

    public GatewayStatus gatewayStatus(Map<String, Long> counters) {
        return new GatewayStatus(Instant.now(), List.of(status()), List.of(), List.of(), Map.of(), counters);
    }
}
