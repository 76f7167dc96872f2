-- The backend schema, one file for SQLite and PostgreSQL. ${id} is an auto-increment primary key, ${double} a
-- double precision number, ${blob} a byte string (see Dialect). Statements end with a semicolon at the end of a line.

-- One row per reading, never updated. (device, seq) is its identity: a re-sent reading is not stored twice.
-- seq < 0 marks an identity derived from the message (readings that carry no seq).
CREATE TABLE readings (
    device TEXT NOT NULL,
    seq BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    gateway TEXT NOT NULL,
    topic TEXT NOT NULL,
    metrics TEXT NOT NULL,
    PRIMARY KEY (device, seq)
);
CREATE INDEX readings_device_ts ON readings (device, ts);
CREATE INDEX readings_received ON readings (received_at);

-- Each numeric metric of a stored reading, for range queries by metric and time.
CREATE TABLE reading_values (
    device TEXT NOT NULL,
    metric TEXT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    value ${double} NOT NULL,
    PRIMARY KEY (device, metric, ts, seq)
);

-- Rollups kept up to date on ingest; bucket is the bucket's start in epoch ms.
CREATE TABLE rollup_minute (
    device TEXT NOT NULL,
    metric TEXT NOT NULL,
    bucket BIGINT NOT NULL,
    n BIGINT NOT NULL,
    total ${double} NOT NULL,
    vmin ${double} NOT NULL,
    vmax ${double} NOT NULL,
    first_ts BIGINT NOT NULL,
    first_v ${double} NOT NULL,
    last_ts BIGINT NOT NULL,
    last_v ${double} NOT NULL,
    PRIMARY KEY (device, metric, bucket)
);
CREATE TABLE rollup_hour (
    device TEXT NOT NULL,
    metric TEXT NOT NULL,
    bucket BIGINT NOT NULL,
    n BIGINT NOT NULL,
    total ${double} NOT NULL,
    vmin ${double} NOT NULL,
    vmax ${double} NOT NULL,
    first_ts BIGINT NOT NULL,
    first_v ${double} NOT NULL,
    last_ts BIGINT NOT NULL,
    last_v ${double} NOT NULL,
    PRIMARY KEY (device, metric, bucket)
);

-- The device registry: updated on ingest, last_metrics holds the newest reading's metrics (JSON).
CREATE TABLE devices (
    device TEXT PRIMARY KEY,
    gateway TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    last_ts BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    last_metrics TEXT NOT NULL,
    readings BIGINT NOT NULL
);

-- The gateway registry, from BIRTH, DC and LWT messages.
CREATE TABLE gateways (
    client_id TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    online INTEGER NOT NULL,
    last_event TEXT NOT NULL,
    last_change BIGINT NOT NULL,
    birth TEXT NOT NULL
);

-- Messages that could not be decoded, with the reason; never dropped.
CREATE TABLE dead_letters (
    id ${id},
    received_at BIGINT NOT NULL,
    topic TEXT NOT NULL,
    reason TEXT NOT NULL,
    payload ${blob} NOT NULL
);
CREATE INDEX dead_letters_received ON dead_letters (received_at);

-- API tokens: the secret is stored as a PBKDF2 hash only.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    salt ${blob} NOT NULL,
    hash ${blob} NOT NULL,
    iterations INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

-- The audit trail: append-only, each entry's hash covers the previous entry's hash.
CREATE TABLE audit (
    id ${id},
    ts BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

-- Alarm rules, alarms and the evaluation state that survives a restart.
CREATE TABLE alarm_rules (
    id ${id},
    device TEXT NOT NULL,
    metric TEXT NOT NULL,
    kind TEXT NOT NULL,
    threshold ${double} NOT NULL,
    hysteresis ${double} NOT NULL,
    duration_s BIGINT NOT NULL,
    enabled INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE alarms (
    id ${id},
    rule_id BIGINT NOT NULL,
    device TEXT NOT NULL,
    metric TEXT NOT NULL,
    kind TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT,
    peak ${double},
    ack_by TEXT,
    ack_at BIGINT,
    ack_comment TEXT
);
CREATE INDEX alarms_started ON alarms (started_at);
CREATE TABLE alarm_state (
    rule_id BIGINT NOT NULL,
    device TEXT NOT NULL,
    pending_since BIGINT,
    alarm_id BIGINT,
    PRIMARY KEY (rule_id, device)
);
