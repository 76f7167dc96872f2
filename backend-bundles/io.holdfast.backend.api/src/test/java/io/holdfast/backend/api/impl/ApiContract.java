package io.holdfast.backend.api.impl;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.holdfast.backend.api.impl.Tokens.Role;
import io.holdfast.backend.store.impl.JdbcBackendStore;
import io.holdfast.backend.store.impl.JdbcBackendStoreConfig;
import io.holdfast.backend.store.impl.TestDatabases;
import io.holdfast.backend.store.impl.TestDatabases.TestDatabase;
import io.holdfast.testkit.ConfigAnnotations;
import io.holdfast.backend.store.IncomingReading;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The API's pieces on a real database (SQLite and PostgreSQL by the subclasses); HTTP is tested in the runtime. */
public abstract class ApiContract {

    TestDatabase db;
    JdbcBackendStore store;

    abstract TestDatabase database();

    @Before
    public void open() throws Exception {
        db = database();
        store = new JdbcBackendStore(ConfigAnnotations.of(JdbcBackendStoreConfig.class,
                Map.of("jdbc.url", db.url(), "jdbc.user", db.user())), TestDatabases.target());
    }

    @After
    public void close() {
        store.close();
        db.close();
    }

    @Test
    public void arrowExportWritesEveryRowInRecordBatchesOfAtMostBatchRows() throws Exception {
        long t0 = 1_767_225_600_000L;
        int n = 2 * ArrowExport.BATCH_ROWS + 1000;
        List<IncomingReading> readings = new ArrayList<>();
        for (int seq = 0; seq < n; seq++) {
            readings.add(new IncomingReading("arrow-1", seq, t0 + seq * 1000L, t0 + seq * 1000L, "gw", "t",
                    Map.of("temperature", seq / 10.0, "seq", seq)));
        }
        store.write(readings);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArrowExport.write(store, "arrow-1", "temperature", t0, t0 + n * 1000L, out);

        List<Integer> batches = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(out.toByteArray()),
                        allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertThat(root.getSchema()).isEqualTo(ArrowExport.SCHEMA);
            while (reader.loadNextBatch()) {
                batches.add(root.getRowCount());
                TimeStampMilliTZVector ts = (TimeStampMilliTZVector) root.getVector(0);
                BigIntVector seq = (BigIntVector) root.getVector(1);
                Float8Vector value = (Float8Vector) root.getVector(2);
                for (int i = 0; i < root.getRowCount(); i++) {
                    rows.add(ts.get(i) + "," + seq.get(i) + "," + value.get(i));
                }
            }
        }
        assertThat(batches).containsExactly(ArrowExport.BATCH_ROWS, ArrowExport.BATCH_ROWS, 1000);
        List<String> expected = new ArrayList<>();
        for (int seq = 0; seq < n; seq++) {
            expected.add((t0 + seq * 1000L) + "," + seq + "," + seq / 10.0);
        }
        assertThat(rows).isEqualTo(expected);
    }

    @Test
    public void documentsExactlyTheRoutesItServesWithTheirRoles() throws Exception {
        ApiServlet api = new ApiServlet(ConfigAnnotations.of(ApiConfig.class, Map.of()), store,
                new PrintStream(new ByteArrayOutputStream()));
        JsonObject doc;
        try (InputStream in = ApiServlet.class.getResourceAsStream("openapi.json")) {
            doc = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        List<String> documented = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        for (String path : doc.getAsJsonObject("paths").keySet()) {
            JsonObject ops = doc.getAsJsonObject("paths").getAsJsonObject(path);
            for (String method : ops.keySet()) {
                documented.add(method.toUpperCase() + " " + path);
                JsonObject op = ops.getAsJsonObject(method);
                roles.add(method.toUpperCase() + " " + path + " "
                        + (op.has("x-holdfast-role") ? op.get("x-holdfast-role").getAsString() : "none"));
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(api.routes().table());
        List<String> served = new ArrayList<>();
        for (String r : api.routes().table()) {
            String[] mp = r.split(" ");
            Role role = api.routes().match(mp[0], mp[1].replaceAll("\\{[a-z]+\\}", "1")).route().role();
            served.add(r + " " + (role == null ? "none" : role.name().toLowerCase()));
        }
        assertThat(roles).containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    public void printsAnAdminTokenOnTheFirstStartOnlyAndStoresItHashed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ApiServlet(ConfigAnnotations.of(ApiConfig.class, Map.of()), store, new PrintStream(out, true));
        String printed = out.toString(StandardCharsets.UTF_8);
        String token = printed.lines().filter(l -> l.contains("hf_")).findFirst().orElseThrow().split(" ")[1];
        Tokens tokens = new Tokens(store.dataSource());
        assertThat(tokens.verify(token)).get().extracting(Tokens.Principal::role).isEqualTo(Role.ADMIN);
        assertThat(tokens.verify(token + "x")).isEmpty();
        assertThat(tokens.verify("hf_000000000000_nope")).isEmpty();
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        new ApiServlet(ConfigAnnotations.of(ApiConfig.class, Map.of()), store, new PrintStream(again, true));
        assertThat(again.toString(StandardCharsets.UTF_8)).isEmpty();
        String secret = token.split("_", 3)[2];
        assertThat(tokens.list().toString()).doesNotContain(secret);
        assertThat(tokens.revoke(token.split("_")[1])).isTrue();
        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    public void detectsAnAlteredARemovedAndAnInsertedAuditEntry() throws Exception {
        Audit audit = new Audit(store);
        for (int i = 0; i < 5; i++) {
            audit.append("alice (t1)", "alarm-rule.create", "alarm-rule/" + i, "{\"threshold\":8}");
        }
        assertThat(audit.verify()).containsEntry("ok", true).containsEntry("checked", 5L);
        long third = (Long) audit.list(0, 10).get(2).get("id");
        exec("UPDATE audit SET detail = '{\"threshold\":80}' WHERE id = " + third);
        assertThat(audit.verify()).containsEntry("ok", false).containsEntry("brokenAt", third).containsEntry("checked",
                2L);
        exec("DELETE FROM audit WHERE id = " + third);
        assertThat(audit.verify()).containsEntry("ok", false).containsEntry("brokenAt", third + 1);
    }

    void exec(String sql) throws Exception {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.executeUpdate();
        }
    }
}
