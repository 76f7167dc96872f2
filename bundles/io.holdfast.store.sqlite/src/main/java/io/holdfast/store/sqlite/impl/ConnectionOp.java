package io.holdfast.store.sqlite.impl;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs SQL on the writer's connection outside any transaction, for tests (PRAGMA max_page_count, checks). */
final class ConnectionOp<T> extends Op<T> {

    /** SQL on the writer's connection. */
    interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }

    private final SqlFunction<T> function;
    private T value;

    ConnectionOp(SqlFunction<T> function) {
        this.function = function;
    }

    @Override
    boolean standalone() {
        return true;
    }

    @Override
    void apply(QueueWriter w) throws SQLException {
        value = function.apply(w.store().connection());
    }

    @Override
    T value() {
        return value;
    }
}
