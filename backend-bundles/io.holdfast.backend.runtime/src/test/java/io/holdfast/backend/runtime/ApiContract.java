package io.holdfast.backend.runtime;

import java.io.ByteArrayInputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.holdfast.testkit.Mosquitto;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;

/**
 * The REST API of the real backend jar, fed through a real Mosquitto, on SQLite and PostgreSQL (the subclasses start
 * one backend per class): good answers, and a 4xx with a reason for every kind of bad input.
 */
public abstract class ApiContract {

    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final String DAY = "from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static Mosquitto broker;
    static Backend backend;
    static int port;
    static String admin;
    static String jdbcUrl;
    static String jdbcUser = "";

    /** Starts the broker and the backend, publishes a day of one device (with a hole) and waits for it. */
    static void startAll(String... extraArgs) throws Exception {
        broker = Mosquitto.anonymous().start();
        port = io.holdfast.testkit.HoldfastOptions.freePort();
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--broker", broker.url(),
                "--client-id", "it-" + UUID.randomUUID()));
        args.addAll(List.of(extraArgs));
        backend = new Backend(Backend.newDataDir(), args.toArray(String[]::new)).awaitStarted();
        admin = backend.adminToken();
        await().atMost(Duration.ofSeconds(60)).until(() -> backend.output().contains("subscribed to"));
        MqttClient pub = new MqttClient(broker.url(), "gw-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(2000);
        pub.connect(o);
        for (int seq = 0; seq < 1440; seq++) {
            if (seq >= 600 && seq < 610) {
                continue; // ten readings lost on the way: a gap
            }
            double t = seq >= 700 && seq < 730 ? 9.5 : 4.0 + (seq % 10) / 10.0; // half an hour above 8 °C
            String json = "{\"sentOn\":" + (T0 + seq * 60_000L) + ",\"metrics\":{\"source\":\"cold-1\",\"seq\":" + seq
                    + ",\"temperature\":" + t + ",\"temperature.unit\":\"Cel\"}}";
            pub.publish("holdfast/gw-1/ESP32/readings/cold-1", json.getBytes(UTF_8), 1, false);
        }
        pub.disconnect();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> r = get("/devices/cold-1", admin);
            return r.statusCode() == 200 && json(r).get("readings").getAsLong() == 1430;
        });
    }

    static void stopAll() {
        if (backend != null) {
            backend.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The rows of an Arrow IPC stream as {@code timestamp,seq,value}, checking its schema. */
    static List<String> arrowRows(byte[] stream) throws Exception {
        List<String> rows = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertThat(root.getSchema().getFields()).extracting(f -> f.getName() + ":" + f.getType()).containsExactly(
                    "timestamp:Timestamp(MILLISECOND, UTC)", "seq:Int(64, true)", "value:FloatingPoint(DOUBLE)");
            while (reader.loadNextBatch()) {
                TimeStampMilliTZVector ts = (TimeStampMilliTZVector) root.getVector("timestamp");
                BigIntVector seq = (BigIntVector) root.getVector("seq");
                Float8Vector value = (Float8Vector) root.getVector("value");
                for (int i = 0; i < root.getRowCount(); i++) {
                    rows.add(ts.get(i) + "," + seq.get(i) + "," + value.get(i));
                }
            }
        }
        return rows;
    }

    static HttpResponse<byte[]> getBytes(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    static void assertError(HttpResponse<String> r, int status, String detailPart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonObject o = json(r);
        assertThat(o.get("error").getAsString()).isNotEmpty();
        assertThat(o.get("detail").getAsString()).contains(detailPart);
    }

    static String token(String role) throws Exception {
        HttpResponse<String> r = send("POST", "/tokens", admin,
                "{\"name\":\"it " + role + "\",\"role\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("token").getAsString();
    }

    @Test
    public void asksForATokenOfTheRightRole() throws Exception {
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/openapi.json", null).body()).contains("\"openapi\": \"3.0.3\"");
        assertError(get("/devices", null), 401, "Authorization: Bearer");
        assertError(get("/devices", "hf_0123456789ab_wrong"), 401, "unknown or revoked");
        assertError(get("/devices", "garbage"), 401, "unknown or revoked");
        String read = token("read");
        assertThat(get("/devices", read).statusCode()).isEqualTo(200);
        assertError(get("/audit", read), 403, "needs the admin role");
        assertError(send("POST", "/tokens", read, "{\"name\":\"x\",\"role\":\"admin\"}"), 403, "admin role");
        assertError(send("POST", "/alarm-rules", read, "{}"), 403, "operator role");
        String id = read.split("_")[1];
        assertThat(send("DELETE", "/tokens/" + id, admin, "").statusCode()).isEqualTo(200);
        assertError(get("/devices", read), 401, "revoked");
    }

    @Test
    public void refusesBadInputWithA4xxAndAReason() throws Exception {
        assertError(get("/devices/nobody", admin), 404, "no device nobody");
        assertError(get("/devices/nobody/readings?" + DAY, admin), 404, "no device");
        assertError(get("/devices/cold-1/readings?from=yesterday", admin), 400, "from must be an ISO-8601");
        assertError(get("/devices/cold-1/readings?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", admin), 400,
                "from must be before to");
        assertError(get("/devices/cold-1/readings?from=1990-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", admin), 400,
                "maximum of 400 days");
        assertError(get("/devices/cold-1/stats?metric=temperature&bucket=minute&from=2026-01-01T00:00:00Z"
                + "&to=2026-03-01T00:00:00Z", admin), 400, "maximum of 31 days");
        assertError(get("/devices/cold-1/stats?metric=temperature&bucket=week", admin), 400, "bucket must be");
        assertError(get("/devices/cold-1/readings?limit=0", admin), 400, "limit must be");
        assertError(get("/devices/cold-1/readings?limit=99999999999999999999", admin), 400, "limit must be");
        assertError(get("/devices/cold-1/readings?cursor=zzz", admin), 400, "cursor");
        assertError(get("/devices/cold-1/readings.csv", admin), 400, "metric is required");
        assertError(get("/devices/cold-1/excursions?metric=temperature&min=9&max=1", admin), 400, "min must not");
        assertError(get("/nothing-here", admin), 404, "no route");
        assertError(send("PUT", "/devices", admin, "{}"), 405, "not allowed");
        assertError(send("POST", "/alarm-rules", admin, "not json"), 400, "not JSON");
        assertError(send("POST", "/alarm-rules", admin, "{\"device\":\"cold-1\",\"kind\":\"HOT\"}"), 400, "kind");
        assertError(send("POST", "/alarms/1/ack", admin, "{}"), 400, "comment is required");
        assertError(send("POST", "/alarms/999999/ack", admin, "{\"comment\":\"seen\"}"), 404, "no alarm");
        assertError(send("DELETE", "/alarm-rules/abc", admin, ""), 404, "no such id");
    }

    @Test
    public void treatsSqlInjectionInEveryParameterAsData() throws Exception {
        String[] attacks = { "' OR '1'='1", "1; DROP TABLE readings; --", "cold-1' --", "\" OR 1=1 --",
                "1) UNION SELECT * FROM api_tokens --" };
        for (String a : attacks) {
            String q = URLEncoder.encode(a, UTF_8);
            for (String path : new String[] { "/devices/" + q, "/devices/" + q + "/readings",
                    "/devices/cold-1/readings?metric=" + q, "/devices/cold-1/readings?from=" + q,
                    "/devices/cold-1/readings?to=" + q, "/devices/cold-1/readings?limit=" + q,
                    "/devices/cold-1/readings?cursor=" + q, "/devices/cold-1/stats?metric=temperature&bucket=" + q,
                    "/devices/cold-1/gaps?expected=" + q, "/devices/cold-1/excursions?metric=temperature&max=" + q,
                    "/alarm-rules?device=" + q, "/alarms?state=" + q, "/audit?after=" + q }) {
                HttpResponse<String> r = get(path, admin);
                assertThat(r.statusCode()).as(path + " -> " + r.body()).isIn(200, 400, 404);
                if (r.statusCode() == 200) {
                    assertThat(r.body()).doesNotContain("hf_").doesNotContain("salt");
                }
            }
        }
        assertThat(json(get("/devices/cold-1", admin)).get("readings").getAsLong()).isEqualTo(1430);
    }

    @Test
    public void pagesStatsGapsExcursionsAndExportsOfADay() throws Exception {
        Set<Long> seqs = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = json(get("/devices/cold-1/readings?metric=temperature&limit=500&" + DAY
                    + (cursor == null ? "" : "&cursor=" + cursor), admin));
            for (JsonElement e : page.getAsJsonArray("readings")) {
                assertThat(seqs.add(e.getAsJsonObject().get("seq").getAsLong())).isTrue();
            }
            cursor = page.get("next").isJsonNull() ? null : page.get("next").getAsString();
            pages++;
        } while (cursor != null);
        assertThat(seqs).hasSize(1430);
        assertThat(pages).isEqualTo(3);

        JsonArray hours = json(get("/devices/cold-1/stats?metric=temperature&bucket=hour&" + DAY, admin))
                .getAsJsonArray("buckets");
        assertThat(hours).hasSize(24);
        JsonObject h11 = hours.get(11).getAsJsonObject(); // 11:00-12:00 holds 700..719 at 9.5 °C
        assertThat(h11.get("max").getAsDouble()).isEqualTo(9.5);
        assertThat(h11.get("count").getAsLong()).isEqualTo(60);
        JsonObject day = json(get("/devices/cold-1/stats?metric=temperature&bucket=day&" + DAY, admin))
                .getAsJsonArray("buckets").get(0).getAsJsonObject();
        assertThat(day.get("count").getAsLong()).isEqualTo(1430);

        JsonObject gaps = json(get("/devices/cold-1/gaps?expected=60&" + DAY, admin));
        assertThat(gaps.get("missingSeqCount").getAsLong()).isEqualTo(10);
        assertThat(gaps.getAsJsonArray("missingSeqRanges").get(0).getAsJsonObject().get("firstSeq").getAsLong())
                .isEqualTo(600);
        assertThat(gaps.getAsJsonArray("silences")).hasSize(1);

        JsonObject exc = json(get("/devices/cold-1/excursions?metric=temperature&max=8&" + DAY, admin));
        assertThat(exc.getAsJsonArray("excursions")).hasSize(1);
        assertThat(exc.get("totalSeconds").getAsLong()).isEqualTo(30 * 60);

        HttpResponse<String> csv = get("/devices/cold-1/readings.csv?metric=temperature&" + DAY, admin);
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.body().lines()).hasSize(1431).first().isEqualTo("timestamp,time,seq,temperature");

        byte[] npy = getBytes("/devices/cold-1/readings.npy?metric=temperature&" + DAY).body();
        assertThat(new String(npy, 1, 5, UTF_8)).isEqualTo("NUMPY");
        int headerLen = ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertThat((10 + headerLen) % 64).isZero();
        assertThat(new String(npy, 10, headerLen, UTF_8)).contains("'shape': (1430,)");
        assertThat(npy.length).isEqualTo(10 + headerLen + 1430 * 24);
        ByteBuffer first = ByteBuffer.wrap(npy, 10 + headerLen, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(first.getLong()).isEqualTo(T0);
        assertThat(first.getLong()).isZero();
        assertThat(first.getDouble()).isEqualTo(4.0);

        // the Arrow IPC stream, read back with Arrow's reader: the same rows as the CSV, in order
        HttpResponse<byte[]> arrow = getBytes("/devices/cold-1/readings.arrow?metric=temperature&" + DAY);
        assertThat(arrow.statusCode()).isEqualTo(200);
        assertThat(arrow.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/vnd.apache.arrow.stream"));
        List<String> fromCsv = csv.body().lines().skip(1).map(l -> {
            String[] f = l.split(",");
            return f[0] + "," + f[2] + "," + Double.parseDouble(f[3]);
        }).toList();
        assertThat(arrowRows(arrow.body())).isEqualTo(fromCsv);

        JsonObject latest = json(get("/devices/cold-1/latest", admin));
        assertThat(latest.get("seq").getAsLong()).isEqualTo(1439);
    }

    @Test
    public void auditsRuleChangesAndAcksAndDetectsAnAlteredEntry() throws Exception {
        String operator = token("operator");
        HttpResponse<String> created = send("POST", "/alarm-rules", operator, "{\"device\":\"cold-1\","
                + "\"metric\":\"temperature\",\"kind\":\"ABOVE\",\"threshold\":8,\"hysteresis\":0.5,\"durationSeconds\":900}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long ruleId = json(created).get("id").getAsLong();
        assertThat(
                send("PUT", "/alarm-rules/" + ruleId, operator,
                        "{\"device\":\"cold-1\",\"metric\":\"temperature\","
                                + "\"kind\":\"ABOVE\",\"threshold\":7.5,\"durationSeconds\":900}").statusCode())
                                        .isEqualTo(200);
        JsonObject excursions = json(get("/devices/cold-1/excursions?metric=temperature&" + DAY, operator));
        assertThat(excursions.get("max").getAsDouble()).as("the range comes from the rule").isEqualTo(7.5);
        JsonObject verify = json(get("/audit/verify", admin));
        assertThat(verify.get("ok").getAsBoolean()).as(verify.toString()).isTrue();
        JsonArray entries = json(get("/audit?limit=1000", admin)).getAsJsonArray("entries");
        JsonObject update = null;
        for (JsonElement e : entries) {
            if (e.getAsJsonObject().get("action").getAsString().equals("alarm-rule.update")) {
                update = e.getAsJsonObject();
            }
        }
        assertThat(update).isNotNull();
        assertThat(update.get("actor").getAsString()).startsWith("it operator");
        try (Connection c = DriverManager.getConnection(jdbcUrl(), jdbcUser, ""); Statement s = c.createStatement()) {
            s.executeUpdate(
                    "UPDATE audit SET detail = '{\"threshold\":80}' WHERE id = " + update.get("id").getAsLong());
        }
        JsonObject broken = json(get("/audit/verify", admin));
        assertThat(broken.get("ok").getAsBoolean()).isFalse();
        assertThat(broken.get("brokenAt").getAsLong()).isEqualTo(update.get("id").getAsLong());
        assertThat(broken.get("detail").getAsString()).contains("altered");
        try (Connection c = DriverManager.getConnection(jdbcUrl(), jdbcUser, ""); Statement s = c.createStatement()) { // put
                                                                                                                       // it
                                                                                                                       // back,
                                                                                                                       // for
                                                                                                                       // the
                                                                                                                       // other
                                                                                                                       // tests
                                                                                                                       // of
                                                                                                                       // this
                                                                                                                       // class
            s.executeUpdate("UPDATE audit SET detail = '" + update.get("detail").getAsString().replace("'", "''")
                    + "' WHERE id = " + update.get("id").getAsLong());
        }
        assertThat(json(get("/audit/verify", admin)).get("ok").getAsBoolean()).isTrue();
    }

    @Test
    public void raisesAndEndsAnAlarmFromReadingsThroughTheBroker() throws Exception {
        String operator = token("operator");
        HttpResponse<String> created = send("POST", "/alarm-rules", operator, "{\"device\":\"cold-2\","
                + "\"metric\":\"temperature\",\"kind\":\"ABOVE\",\"threshold\":8,\"hysteresis\":0.5,\"durationSeconds\":900}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        MqttClient pub = new MqttClient(broker.url(), "gw-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        // Paho frees an in-flight slot after the synchronous publish() has returned: with its default of 10 a fast loop
        // can see "Too many publishes in progress"
        options.setMaxInflight(100);
        pub.connect(options);
        for (int m = 0; m < 30; m++) {
            // above 8 from minute 5; minute 25 is inside but not by the hysteresis; minute 26 ends it
            double t = m < 5 ? 5.0 : m < 25 ? (m == 12 ? 10.0 : 9.5) : m == 25 ? 7.8 : 7.0;
            String json = "{\"sentOn\":" + (T0 + m * 60_000L) + ",\"metrics\":{\"source\":\"cold-2\",\"seq\":" + m
                    + ",\"temperature\":" + t + "}}";
            pub.publish("holdfast/gw-1/ESP32/readings/cold-2", json.getBytes(UTF_8), 1, false);
        }
        pub.disconnect();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonArray a = json(get("/alarms?device=cold-2&" + DAY, admin)).getAsJsonArray("alarms");
            return a.size() == 1 && !a.get(0).getAsJsonObject().get("endedAt").isJsonNull();
        });
        JsonObject alarm = json(get("/alarms?device=cold-2&" + DAY, admin)).getAsJsonArray("alarms").get(0)
                .getAsJsonObject();
        assertThat(alarm.get("startedAt").getAsLong()).isEqualTo(T0 + 5 * 60_000L);
        assertThat(alarm.get("raisedAt").getAsLong()).isEqualTo(T0 + 20 * 60_000L);
        assertThat(alarm.get("endedAt").getAsLong()).isEqualTo(T0 + 26 * 60_000L);
        assertThat(alarm.get("excursionSeconds").getAsLong()).isEqualTo(21 * 60);
        assertThat(alarm.get("peak").getAsDouble()).isEqualTo(10.0);
        long id = alarm.get("id").getAsLong();
        assertThat(send("POST", "/alarms/" + id + "/ack", operator, "{\"comment\":\"door left open\"}").statusCode())
                .isEqualTo(200);
        List<String> actions = new ArrayList<>();
        for (JsonElement e : json(get("/audit?limit=1000", admin)).getAsJsonArray("entries")) {
            if (e.getAsJsonObject().get("target").getAsString().equals("alarm/" + id)) {
                actions.add(e.getAsJsonObject().get("action").getAsString());
            }
        }
        assertThat(actions).containsExactly("alarm.raise", "alarm.end", "alarm.ack");
        assertThat(json(get("/audit/verify", admin)).get("ok").getAsBoolean()).isTrue();
    }

    abstract String jdbcUrl();
}
