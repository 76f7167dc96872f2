package io.holdfast.backend.api.impl;

import com.google.gson.JsonObject;
import io.holdfast.backend.api.impl.Tokens.Principal;
import io.holdfast.backend.api.impl.Tokens.Role;
import io.holdfast.backend.store.BackendStore;
import io.holdfast.backend.store.BackendStore.StoredReading;
import io.holdfast.backend.store.BucketSize;
import io.holdfast.backend.store.DeviceInfo;
import io.holdfast.backend.store.Sample;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The route table of {@code /api/v1} and its handlers; the OpenAPI file documents exactly these routes. */
final class Routes {

    /** What a handler gets. */
    record Call(HttpServletRequest req, HttpServletResponse resp, Map<String, String> vars, Params params,
            Principal who) {
        String actor() {
            return who == null ? "anonymous" : who.name() + " (" + who.tokenId() + ")";
        }
    }

    @FunctionalInterface
    interface Handler {
        /** @return the JSON body, or null when the handler wrote the response */
        Object handle(Call call) throws Exception;
    }

    record Route(String method, String path, Role role, Handler handler) {
    }

    record Match(Route route, Map<String, String> vars) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final ApiConfig config;
    private final BackendStore store;
    private final Tokens tokens;
    private final Audit audit;
    private final AlarmRules alarms;

    Routes(ApiConfig config, BackendStore store, Tokens tokens, Audit audit, AlarmRules alarms) {
        this.config = config;
        this.store = store;
        this.tokens = tokens;
        this.audit = audit;
        this.alarms = alarms;
        add("GET", "/health", null, c -> health());
        add("GET", "/openapi.json", null, this::openApi);
        add("GET", "/gateways", Role.READ, c -> Map.of("gateways", store.gateways()));
        add("GET", "/devices", Role.READ, c -> Map.of("devices", store.devices()));
        add("GET", "/devices/{id}", Role.READ, c -> device(c));
        add("GET", "/devices/{id}/latest", Role.READ, c -> latest(device(c)));
        add("GET", "/devices/{id}/readings", Role.READ, this::readings);
        add("GET", "/devices/{id}/readings.csv", Role.READ, c -> export(c, "text/csv", ".csv"));
        add("GET", "/devices/{id}/readings.npy", Role.READ, c -> export(c, "application/octet-stream", ".npy"));
        add("GET", "/devices/{id}/readings.arrow", Role.READ, c -> export(c, ArrowExport.MEDIA_TYPE, ".arrow"));
        add("GET", "/devices/{id}/stats", Role.READ, this::stats);
        add("GET", "/devices/{id}/gaps", Role.READ, this::gaps);
        add("GET", "/devices/{id}/excursions", Role.READ, this::excursions);
        add("GET", "/alarm-rules", Role.READ, c -> Map.of("rules", alarms.rules(c.params().get("device"))));
        add("POST", "/alarm-rules", Role.OPERATOR, this::createRule);
        add("GET", "/alarm-rules/{id}", Role.READ, c -> {
            long id = id(c);
            return alarms.rule(id).orElseThrow(() -> ApiException.notFound("no alarm rule " + id));
        });
        add("PUT", "/alarm-rules/{id}", Role.OPERATOR, this::updateRule);
        add("DELETE", "/alarm-rules/{id}", Role.OPERATOR, this::deleteRule);
        add("GET", "/alarms", Role.READ, this::listAlarms);
        add("POST", "/alarms/{id}/ack", Role.OPERATOR, this::ack);
        add("GET", "/dead-letters", Role.OPERATOR, c -> {
            long[] r = c.params().range(System.currentTimeMillis(), config.max_range_days());
            return Map.of("deadLetters", store.deadLetters(r[0], r[1], limit(c)));
        });
        add("GET", "/audit", Role.ADMIN,
                c -> Map.of("entries", audit.list(c.params().number("after", 0, 0, Long.MAX_VALUE), limit(c))));
        add("GET", "/audit/verify", Role.ADMIN, c -> audit.verify());
        add("GET", "/tokens", Role.ADMIN, c -> Map.of("tokens", tokens.list()));
        add("POST", "/tokens", Role.ADMIN, this::createToken);
        add("DELETE", "/tokens/{id}", Role.ADMIN, this::revokeToken);
    }

    private void add(String method, String path, Role role, Handler h) {
        routes.add(new Route(method, path, role, h));
    }

    /** {@code METHOD /path} of every route. */
    List<String> table() {
        return routes.stream().map(r -> r.method() + " " + r.path()).toList();
    }

    Match match(String method, String path) throws ApiException {
        String[] segs = path.split("/", -1);
        boolean pathKnown = false;
        for (Route r : routes) {
            String[] pattern = r.path().split("/", -1);
            if (pattern.length != segs.length) {
                continue;
            }
            Map<String, String> vars = new LinkedHashMap<>();
            boolean ok = true;
            for (int i = 0; i < pattern.length && ok; i++) {
                if (pattern[i].startsWith("{")) {
                    ok = !segs[i].isEmpty();
                    vars.put(pattern[i].substring(1, pattern[i].length() - 1), segs[i]);
                } else {
                    ok = pattern[i].equals(segs[i]);
                }
            }
            if (ok) {
                pathKnown = true;
                if (r.method().equals(method)) {
                    return new Match(r, vars);
                }
            }
        }
        if (pathKnown) {
            throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + path);
        }
        throw ApiException.notFound("no route " + path + " (see /api/v1/openapi.json)");
    }

    private Object health() {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            store.gateways();
            m.put("status", "ok");
        } catch (Exception e) {
            m.put("status", "database unavailable");
        }
        m.put("database", store.dialect());
        return m;
    }

    private Object openApi(Call c) throws Exception {
        try (InputStream in = Routes.class.getResourceAsStream("openapi.json")) {
            c.resp().setContentType("application/json");
            in.transferTo(c.resp().getOutputStream());
        }
        return null;
    }

    private DeviceInfo device(Call c) throws Exception {
        String id = c.vars().get("id");
        return store.device(id).orElseThrow(() -> ApiException.notFound("no device " + id));
    }

    private static Object latest(DeviceInfo d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", d.id());
        m.put("timestamp", d.lastTimestamp());
        m.put("seq", d.lastSeq());
        m.put("metrics", d.latest());
        return m;
    }

    private int limit(Call c) throws ApiException {
        return (int) c.params().number("limit", 1000, 1, config.max_page());
    }

    private Object readings(Call c) throws Exception {
        DeviceInfo d = device(c);
        String metric = c.params().metric(false);
        long[] range = c.params().range(System.currentTimeMillis(), config.max_range_days());
        long[] after = c.params().cursor();
        int limit = limit(c);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device", d.id());
        String next = null;
        if (metric != null) {
            List<Sample> page = store.samples(d.id(), metric, range[0], range[1], after[0], after[1], limit);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Sample s : page) {
                rows.add(Map.of("timestamp", s.timestamp(), "seq", s.seq(), "value", s.value()));
            }
            out.put("metric", metric);
            out.put("readings", rows);
            if (page.size() == limit) {
                next = Params.cursor(page.get(limit - 1).timestamp(), page.get(limit - 1).seq());
            }
        } else {
            List<StoredReading> page = store.readings(d.id(), range[0], range[1], after[0], after[1], limit);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StoredReading r : page) {
                rows.add(Map.of("timestamp", r.timestamp(), "seq", r.seq(), "receivedAt", r.receivedAt(), "gateway",
                        r.gateway(), "metrics", r.metrics()));
            }
            out.put("readings", rows);
            if (page.size() == limit) {
                next = Params.cursor(page.get(limit - 1).timestamp(), page.get(limit - 1).seq());
            }
        }
        out.put("next", next);
        return out;
    }

    private Object export(Call c, String type, String ext) throws Exception {
        DeviceInfo d = device(c);
        String metric = c.params().metric(true);
        long[] range = c.params().range(System.currentTimeMillis(), 0); // an export streams any range
        c.resp().setContentType(type);
        c.resp().setHeader("Content-Disposition",
                "attachment; filename=\"" + d.id().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + metric + ext + "\"");
        if (ext.equals(".csv")) {
            Analyses.csv(store, d.id(), metric, range[0], range[1], c.resp().getOutputStream());
        } else if (ext.equals(".arrow")) {
            ArrowExport.write(store, d.id(), metric, range[0], range[1], c.resp().getOutputStream());
        } else {
            Analyses.npy(store, d.id(), metric, range[0], range[1], c.resp().getOutputStream());
        }
        return null;
    }

    private Object stats(Call c) throws Exception {
        DeviceInfo d = device(c);
        String metric = c.params().metric(true);
        String b = c.params().get("bucket");
        BucketSize size;
        try {
            size = b == null ? BucketSize.HOUR : BucketSize.valueOf(b.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bucket must be minute, hour or day");
        }
        int maxDays = size == BucketSize.MINUTE ? Math.min(31, config.max_range_days()) : config.max_range_days();
        long[] range = c.params().range(System.currentTimeMillis(), maxDays);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device", d.id());
        out.put("metric", metric);
        out.put("bucket", size.name().toLowerCase(Locale.ROOT));
        out.put("buckets", store.stats(d.id(), metric, range[0], range[1], size));
        return out;
    }

    private Object gaps(Call c) throws Exception {
        DeviceInfo d = device(c);
        long[] range = c.params().range(System.currentTimeMillis(), config.max_range_days());
        long expected = c.params().number("expected", 60, 1, 86_400);
        return Analyses.gaps(store, d.id(), range[0], range[1], expected * 1000);
    }

    private Object excursions(Call c) throws Exception {
        DeviceInfo d = device(c);
        String metric = c.params().metric(true);
        long[] range = c.params().range(System.currentTimeMillis(), config.max_range_days());
        Double min = c.params().decimal("min");
        Double max = c.params().decimal("max");
        if (min == null && max == null) { // the device's enabled threshold rules say what the range is
            for (Map<String, Object> r : alarms.rules(d.id())) {
                if (r.get("metric").equals(metric) && Boolean.TRUE.equals(r.get("enabled"))) {
                    if (r.get("kind").equals("ABOVE")) {
                        max = (Double) r.get("threshold");
                    } else if (r.get("kind").equals("BELOW")) {
                        min = (Double) r.get("threshold");
                    }
                }
            }
        }
        if (min == null && max == null) {
            throw ApiException.badRequest("give min and/or max, or create ABOVE/BELOW alarm rules for " + metric);
        }
        if (min != null && max != null && min > max) {
            throw ApiException.badRequest("min must not be above max");
        }
        return Analyses.excursions(store, d.id(), metric, range[0], range[1], min, max);
    }

    private static long id(Call c) throws ApiException {
        try {
            return Long.parseLong(c.vars().get("id"));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no such id " + c.vars().get("id"));
        }
    }

    private Object createRule(Call c) throws Exception {
        JsonObject body = ApiServlet.body(c.req());
        long id = alarms.create(AlarmRules.Rule.parse(body));
        audit.append(c.actor(), "alarm-rule.create", "alarm-rule/" + id, body.toString());
        c.resp().setStatus(201);
        return alarms.rule(id).orElseThrow();
    }

    private Object updateRule(Call c) throws Exception {
        long id = id(c);
        JsonObject body = ApiServlet.body(c.req());
        AlarmRules.Rule rule = AlarmRules.Rule.parse(body);
        if (!alarms.update(id, rule)) {
            throw ApiException.notFound("no alarm rule " + id);
        }
        audit.append(c.actor(), "alarm-rule.update", "alarm-rule/" + id, body.toString());
        return alarms.rule(id).orElseThrow();
    }

    private Object deleteRule(Call c) throws Exception {
        long id = id(c);
        if (!alarms.delete(id)) {
            throw ApiException.notFound("no alarm rule " + id);
        }
        audit.append(c.actor(), "alarm-rule.delete", "alarm-rule/" + id, "");
        return Map.of("deleted", id);
    }

    private Object listAlarms(Call c) throws Exception {
        String state = c.params().get("state");
        Boolean active = state == null ? null : switch (state) {
        case "active" -> Boolean.TRUE;
        case "ended" -> Boolean.FALSE;
        default -> throw ApiException.badRequest("state must be active or ended");
        };
        long[] range = c.params().range(System.currentTimeMillis(), config.max_range_days());
        return Map.of("alarms", alarms.alarms(c.params().get("device"), active, range[0], range[1], limit(c)));
    }

    private Object ack(Call c) throws Exception {
        long id = id(c);
        JsonObject body = ApiServlet.body(c.req());
        if (!body.has("comment") || !body.get("comment").isJsonPrimitive()
                || body.get("comment").getAsString().isBlank() || body.get("comment").getAsString().length() > 2000) {
            throw ApiException.badRequest("comment is required: a non-empty string of at most 2000 characters");
        }
        String comment = body.get("comment").getAsString();
        if (!alarms.ack(id, c.actor(), comment)) {
            throw ApiException.notFound("no alarm " + id);
        }
        audit.append(c.actor(), "alarm.ack", "alarm/" + id, comment);
        store.alarmAcknowledged(id);
        return Map.of("acknowledged", id);
    }

    private Object createToken(Call c) throws Exception {
        JsonObject body = ApiServlet.body(c.req());
        String name = body.has("name") && body.get("name").isJsonPrimitive() ? body.get("name").getAsString() : "";
        String role = body.has("role") && body.get("role").isJsonPrimitive() ? body.get("role").getAsString() : "";
        if (name.isBlank() || name.length() > 128) {
            throw ApiException.badRequest("name is required: at most 128 characters");
        }
        Role r;
        try {
            r = Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("role must be read, operator or admin");
        }
        String token = tokens.create(name, r);
        String id = token.split("_")[1];
        audit.append(c.actor(), "token.create", "token/" + id, "name " + name + ", role " + role);
        c.resp().setStatus(201);
        return Map.of("id", id, "token", token, "role", role.toLowerCase(Locale.ROOT));
    }

    private Object revokeToken(Call c) throws Exception {
        String id = c.vars().get("id");
        if (!tokens.revoke(id)) {
            throw ApiException.notFound("no active token " + id);
        }
        audit.append(c.actor(), "token.revoke", "token/" + id, "");
        return Map.of("revoked", id);
    }
}
