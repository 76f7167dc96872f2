package io.holdfast.backend.dashboard.impl;

import com.google.gson.Gson;
import io.holdfast.backend.store.BackendStore;
import io.holdfast.backend.store.DeviceInfo;
import io.holdfast.backend.store.GatewayInfo;
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
 * {@code /dashboard/events}: server-sent events for one logged-in page. Readings and gateway changes come from the
 * store's registries (checked every second: a device whose newest reading changed sends {@code reading} with its newest
 * metrics), open alarms from the API (every two seconds, sent as {@code alarms} when they changed), deployment progress
 * as it arrives ({@code deploy}). The browser's EventSource reconnects by itself; the page reloads what it shows then.
 */
final class LiveEvents {

    private static final Gson GSON = new Gson();
    private final BackendStore store;
    private final ApiClient api;
    private final Deployments deployments;

    LiveEvents(BackendStore store, ApiClient api, Deployments deployments) {
        this.store = store;
        this.api = api;
        this.deployments = deployments;
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
        LinkedBlockingQueue<Map<String, Object>> jobs = new LinkedBlockingQueue<>(1000);
        Consumer<Map<String, Object>> listener = jobs::offer;
        if (deployments != null) {
            deployments.listen(listener);
        }
        try {
            Map<String, Long> seen = new HashMap<>();
            Map<String, String> gateways = new HashMap<>();
            String alarms = null;
            boolean first = true;
            long tick = 0;
            long lastBeat = System.currentTimeMillis();
            while (alive.getAsBoolean()) {
                for (DeviceInfo d : devices()) {
                    Long before = seen.put(d.id(), d.lastSeen());
                    if (!first && (before == null || before != d.lastSeen())) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("device", d.id());
                        m.put("gateway", d.gateway());
                        m.put("lastSeen", d.lastSeen());
                        m.put("lastTimestamp", d.lastTimestamp());
                        m.put("lastSeq", d.lastSeq());
                        m.put("readings", d.readings());
                        m.put("latest", d.latest());
                        send(out, "reading", m);
                    }
                }
                for (GatewayInfo g : gateways()) {
                    String state = g.online() + "/" + g.lastChange();
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
                Map<String, Object> job = jobs.poll(1, TimeUnit.SECONDS); // the pace of the registry checks
                while (job != null) {
                    send(out, "deploy", job);
                    job = jobs.poll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (deployments != null) {
                deployments.unlisten(listener);
            }
        }
    }

    private java.util.List<DeviceInfo> devices() {
        try {
            return store.devices();
        } catch (RuntimeException | io.holdfast.backend.store.StoreException e) {
            return java.util.List.of();
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
