package io.holdfast.backend.store.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = JdbcBackendStore.PID, name = "Holdfast backend store", description = "Where the backend keeps readings: SQLite in the data directory by default, or PostgreSQL.")
public @interface JdbcBackendStoreConfig {

    @AttributeDefinition(name = "JDBC URL", description = "jdbc:postgresql://host:5432/db, or jdbc:sqlite:/path; empty: SQLite at <data dir>/backend/holdfast.db", required = false)
    String jdbc_url() default "";

    @AttributeDefinition(name = "User", required = false)
    String jdbc_user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
    String jdbc_password() default "";

    @AttributeDefinition(name = "Pool size", description = "connections to PostgreSQL (HikariCP); SQLite readers", min = "2")
    int pool_size() default 8;

    @AttributeDefinition(name = "Raw readings retention (days)", description = "0 keeps them forever", min = "0")
    int retention_readings_days() default 0;

    @AttributeDefinition(name = "Minute rollup retention (days)", min = "0")
    int retention_minute_days() default 90;

    @AttributeDefinition(name = "Hour rollup retention (days)", min = "0")
    int retention_hour_days() default 0;

    @AttributeDefinition(name = "Dead letter retention (days)", min = "0")
    int retention_dead_letters_days() default 30;

    @AttributeDefinition(name = "Retention interval (minutes)", description = "how often retention runs", min = "1")
    int retention_interval_minutes() default 60;

    @AttributeDefinition(name = "Alarm check interval (seconds)", description = "how often NO_DATA and GATEWAY_OFFLINE rules are checked against the wall clock; 0 never (tests)", min = "0")
    int alarm_check_seconds() default 10;
}
