package io.holdfast.backend.store.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.Test;

public class MigratorTest {

    @Test
    public void splitsStatementsAtLineEndSemicolonsAndDropsComments() {
        assertThat(Migrator.statements("-- c\nCREATE TABLE a (\n x TEXT -- no\n);\nCREATE INDEX i ON a (x);\n"))
                .containsExactly("CREATE TABLE a (\nx TEXT -- no\n)", "CREATE INDEX i ON a (x)");
        assertThatThrownBy(() -> Migrator.statements("CREATE TABLE a (x TEXT)"))
                .hasMessageContaining("without a semicolon");
        assertThatThrownBy(() -> Migrator.migration("v1-schema.sql", "")).hasMessageContaining("V<n>__");
    }

    @Test
    public void appliesNewVersionsInOrderAndRollsBackAFailedOne() throws SQLException {
        String url = TestDatabases.sqlite().url();
        try (Connection c = DriverManager.getConnection(url)) {
            Migrator one = new Migrator(Dialect.SQLITE,
                    List.of(Migrator.migration("V1__a.sql", "CREATE TABLE a (id ${id});\n")));
            assertThat(one.migrate(c)).containsExactly(1);
            assertThat(one.migrate(c)).isEmpty();
            Migrator bad = new Migrator(Dialect.SQLITE,
                    List.of(Migrator.migration("V1__a.sql", "CREATE TABLE a (id ${id});\n"),
                            Migrator.migration("V2__b.sql", "CREATE TABLE b (x TEXT);\nCREATE TABLE a (y TEXT);\n")));
            assertThatThrownBy(() -> bad.migrate(c)).isInstanceOf(SQLException.class);
            try (ResultSet rs = c.getMetaData().getTables(null, null, "b", null)) {
                assertThat(rs.next()).as("table b of the failed migration").isFalse();
            }
            Migrator two = new Migrator(Dialect.SQLITE,
                    List.of(Migrator.migration("V1__a.sql", "CREATE TABLE a (id ${id});\n"),
                            Migrator.migration("V2__b.sql", "CREATE TABLE b (x TEXT);\n")));
            assertThat(two.migrate(c)).containsExactly(2);
        }
    }
}
