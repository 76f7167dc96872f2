package io.holdfast.backend.runtime;

import io.holdfast.backend.store.impl.TestDatabases;
import io.holdfast.backend.store.impl.TestDatabases.TestDatabase;
import org.junit.AfterClass;
import org.junit.BeforeClass;

public class PostgresApiIT extends ApiContract {

    static TestDatabase db;

    @BeforeClass
    public static void start() throws Exception {
        db = TestDatabases.postgres();
        jdbcUser = db.user();
        startAll("--jdbc-url", db.url() + "&user=" + db.user());
    }

    @AfterClass
    public static void stop() {
        stopAll();
        db.close();
    }

    @Override
    String jdbcUrl() {
        return db.url();
    }
}
