package io.holdfast.backend.store.impl;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the pool for a JDBC URL. The drivers' own DataSources are handed to HikariCP, so that no driver is looked up by
 * class name (which fails across OSGi class loaders).
 */
final class Databases {

    private Databases() {
    }

    static HikariDataSource open(String url, String user, String password, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("holdfast-backend");
        hc.setMaximumPoolSize(poolSize);
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(-1); // do not fail activation on an absent database; the first use says why
        if (Dialect.of(url) == Dialect.SQLITE) {
            SQLiteConfig sc = new SQLiteConfig();
            sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sc.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            sc.setBusyTimeout(30_000);
            SQLiteDataSource ds = new SQLiteDataSource(sc);
            ds.setUrl(url);
            hc.setDataSource(ds);
        } else {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(url);
            if (!user.isEmpty()) {
                ds.setUser(user);
            }
            if (!password.isEmpty()) {
                ds.setPassword(password);
            }
            hc.setDataSource(ds);
        }
        return new HikariDataSource(hc);
    }
}
