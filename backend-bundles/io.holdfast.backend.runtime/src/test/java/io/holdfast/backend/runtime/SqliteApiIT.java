package io.holdfast.backend.runtime;

import org.junit.AfterClass;
import org.junit.BeforeClass;

public class SqliteApiIT extends ApiContract {

    @BeforeClass
    public static void start() throws Exception {
        startAll();
    }

    @AfterClass
    public static void stop() {
        stopAll();
    }

    @Override
    String jdbcUrl() {
        java.nio.file.Path data = java.nio.file.Path
                .of(backend.output().lines().filter(l -> l.contains("backend store on jdbc:sqlite:")).findFirst()
                        .orElseThrow().replaceAll(".*backend store on jdbc:sqlite:(\\S+).*", "$1"));
        return "jdbc:sqlite:" + data;
    }
}
