package io.holdfast.backend.dashboard.impl;

import com.google.gson.Gson;
import io.holdfast.backend.store.BackendStore;
import io.holdfast.backend.store.AlarmEvent;
import io.holdfast.backend.store.GatewayInfo;
import io.holdfast.backend.store.LiveListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code /dashboard/events}: server-sent events for one logged-in page. New readings come from the store as a
 * {@link LiveListener} (after each commit; the newest reading of each device of a batch is sent as {@code reading}),
 * gateway changes (state, last change, backlog report) from the gateway registry (checked every second), alarms from
 * the API (every two seconds and at once after the store reports an alarm change, sent as {@code alarms} when they
 * changed), deployment progress as it arrives ({@code deploy}). The browser's EventSource reconnects by itself; the
 * page reloads what it shows then.
 */
final class LiveEvents implements LiveListener {

    private static final Gson GSON = new Gson();
    private final BackendStore store;
    private final ApiClient api;
    private final Deployments deployments;

    private final java.util.Set<LinkedBlockingQueue<Map<String, Object>>> streams = java.util.concurrent.ConcurrentHashMap
            .newKeySet();

    LiveEvents(BackendStore store, ApiClient api, Deployments deployments) {
        this.store = store;
        this.api = api;
        this.deployments = deployments;
    }

    @Override
    public void readingsStored(java.util.List<BackendStore.StoredReading> readings) {
        Map<String, BackendStore.StoredReading> newest = new LinkedHashMap<>();
        for (BackendStore.StoredReading r : readings) {
            newest.merge(r.device(), r, (a, b) -> b.timestamp() >= a.timestamp() ? b : a);
        }
        for (BackendStore.StoredReading r : newest.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", "reading");
            m.put("device", r.device());
            m.put("gateway", r.gateway());
            m.put("lastSeen", r.receivedAt());
            m.put("lastTimestamp", r.timestamp());
            m.put("lastSeq", r.seq());
            m.put("added", readings.stream().filter(x -> x.device().equals(r.device())).count());
            m.put("latest", r.metrics());
            for (LinkedBlockingQueue<Map<String, Object>> q : streams) {
                q.offer(m); // a full queue (a stalled page) drops: the page reloads after a reconnect
            }
        }
    }

    @Override
    public void alarmChanged(AlarmEvent event) {
        for (LinkedBlockingQueue<Map<String, Object>> q : streams) {
            q.offer(Map.of("event", "alarm-changed"));
        }
    }

    /** Streams until the client goes away or {@code alive} says the login ended. */
    void stream(HttpServletResponse resp, String apiBase, String token, java.util.function.BooleanSupplier alive)
            throws IOException {
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Accel-Buffering", "no");
        PrintWriter out = resp.getWriter();
        out.write("retry: 2000\n\n");
        send(out, "hello", Map.of("at", System.currentTimeMillis()));
        LinkedBlockingQueue<Map<String, Object>> queue = new LinkedBlockingQueue<>(10_000);
        Consumer<Map<String, Object>> listener = job -> {
            Map<String, Object> m = new LinkedHashMap<>(job);
            m.put("event", "deploy");
            queue.offer(m);
        };
        if (deployments != null) {
            deployments.listen(listener);
        }
        streams.add(queue);
        try {
            Map<String, String> gateways = new HashMap<>();
            String alarms = null;
            boolean first = true;
            long tick = 0;
            long lastBeat = System.currentTimeMillis();
            while (alive.getAsBoolean()) {
                for (GatewayInfo g : gateways()) {
                    String state = g.online() + "/" + g.lastChange() + "/" + g.backlog(); // backlog: its report
                    String before = gateways.put(g.clientId(), state);
                    if (!first && !state.equals(before)) {
                        send(out, "gateway", g);
                    }
                }
                first = false;
                if (tick++ % 2 == 0) {
                    ApiClient.Answer a = api.get(apiBase, token, "/alarms");
                    // an active alarm's excursion grows every second: only a change of the rest is news
                    String key = a.body().replaceAll("\"excursionSeconds\":\\d+", "");
                    if (a.status() == 200 && !key.equals(alarms)) {
                        if (alarms != null) {
                            out.write("event: alarms\ndata: " + a.body().replace("\n", "") + "\n\n");
                        }
                        alarms = key;
                    }
                }
                long now = System.currentTimeMillis();
                if (now - lastBeat > 15_000) {
                    out.write(": keep-alive\n\n");
                    lastBeat = now;
                }
                out.flush();
                if (out.checkError()) {
                    return; // the page went away
                }
                long until = System.currentTimeMillis() + 1000; // the pace of the registry checks
                for (Map<String, Object> e = queue.poll(1, TimeUnit.SECONDS); e != null; e = queue
                        .poll(Math.max(0, until - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                    String type = (String) e.get("event");
                    if (type.equals("alarm-changed")) {
                        tick = 0; // the alarms are read again at once
                        break;
                    }
                    Map<String, Object> data = new LinkedHashMap<>(e);
                    data.remove("event");
                    send(out, type, data);
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(queue);
            if (deployments != null) {
                deployments.unlisten(listener);
            }
        }
    }

    private java.util.List<GatewayInfo> gateways() {
        try {
            return store.gateways();
        } catch (RuntimeException | io.holdfast.backend.store.StoreException e) {
            return java.util.List.of();
        }
    }

    private static void send(PrintWriter out, String event, Object data) {
        out.write("event: " + event + "\ndata: " + GSON.toJson(data) + "\n\n");
    }
}
