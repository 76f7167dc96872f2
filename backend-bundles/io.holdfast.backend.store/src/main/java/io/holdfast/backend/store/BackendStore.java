package io.holdfast.backend.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The backend's storage. Readings are stored exactly once by (device, seq), never updated; the rollups and the device
 * registry are updated in the same transaction as the readings they count.
 */
@ProviderType
public interface BackendStore {

    /** Receives rows of a streamed query, in order, one at a time. */
    @FunctionalInterface
    interface Sink<T> {
        /**
         * @param row
         *            the next row
         *
         * @throws Exception
         *             stops the query (a client that went away)
         */
        void accept(T row) throws Exception;
    }

    /** One stored reading. */
    record StoredReading(String device, long seq, long timestamp, long receivedAt, String gateway,
            Map<String, Object> metrics) {
    }

    /**
     * Stores a batch in one transaction; readings whose (device, seq) is stored already are skipped.
     *
     * @param readings
     *            the readings
     *
     * @return how many were stored and skipped
     *
     * @throws StoreException
     *             if the database failed: nothing of the batch is stored
     */
    WriteResult write(List<IncomingReading> readings) throws StoreException;

    /**
     * Keeps a message that could not be decoded.
     *
     * @param receivedAt
     *            when it arrived, epoch ms
     * @param topic
     *            its topic
     * @param payload
     *            its bytes
     * @param reason
     *            why it was not decoded
     *
     * @throws StoreException
     *             if the database failed
     */
    void deadLetter(long receivedAt, String topic, byte[] payload, String reason) throws StoreException;

    /**
     * Records a gateway's lifecycle or status message.
     *
     * @param clientId
     *            the gateway's client id
     * @param account
     *            its account name
     * @param event
     *            {@code BIRTH}, {@code DC} or {@code LWT}; or {@code STATUS}, the gateway's periodic status, which only
     *            updates its backlog (and adds a gateway not seen yet)
     * @param at
     *            when it arrived, epoch ms
     * @param metrics
     *            the message's metrics (kept for a BIRTH); the backlog metrics of a BIRTH or STATUS
     *            ({@link GatewayInfo#METRIC_BACKLOG}, {@link GatewayInfo#METRIC_BACKLOG_OLDEST_AGE_MS}) update the
     *            gateway's {@link GatewayInfo#backlog()}
     *
     * @throws StoreException
     *             if the database failed
     */
    void gatewayEvent(String clientId, String account, String event, long at, Map<String, Object> metrics)
            throws StoreException;

    /** The gateway registry, by client id. */
    List<GatewayInfo> gateways() throws StoreException;

    /** The device registry, by id. */
    List<DeviceInfo> devices() throws StoreException;

    /** One device of the registry. */
    Optional<DeviceInfo> device(String id) throws StoreException;

    /**
     * A page of one metric's values in {@code [from, to)}, ordered by (timestamp, seq), after the key given.
     *
     * @param afterTimestamp
     *            the last page's last timestamp, or {@code Long.MIN_VALUE}
     * @param afterSeq
     *            the last page's last seq
     */
    List<Sample> samples(String device, String metric, long from, long to, long afterTimestamp, long afterSeq,
            int limit) throws StoreException;

    /**
     * A page of whole readings in {@code [from, to)}, ordered by (timestamp, seq), after the key given.
     */
    List<StoredReading> readings(String device, long from, long to, long afterTimestamp, long afterSeq, int limit)
            throws StoreException;

    /** Streams one metric's values in {@code [from, to)} in (timestamp, seq) order, in constant memory. */
    void streamSamples(String device, String metric, long from, long to, Sink<Sample> sink) throws StoreException;

    /**
     * Counts one metric's values in {@code [from, to)} and then streams them, from one snapshot of the database, so
     * that the count is the number of rows streamed.
     */
    void countAndStreamSamples(String device, String metric, long from, long to, Sink<Long> count, Sink<Sample> sink)
            throws StoreException;

    /** Streams the (seq, timestamp) of a device's readings in {@code [from, to)}, by timestamp. */
    void streamSeqs(String device, long from, long to, Sink<long[]> sink) throws StoreException;

    /** Statistics per bucket of one metric in {@code [from, to)}, from the rollups. */
    List<Bucket> stats(String device, String metric, long from, long to, BucketSize size) throws StoreException;

    /** Dead letters received in {@code [from, to)}: id, received at, topic, reason. */
    List<Map<String, Object>> deadLetters(long from, long to, int limit) throws StoreException;

    /**
     * Deletes what is older than its table's retention (configuration); {@code 0} keeps a table forever.
     *
     * @return rows deleted
     */
    long applyRetention(long now) throws StoreException;

    /**
     * Appends an entry to the audit trail (see {@link AuditChain}), serialised with every other append to the same
     * database (the alarm evaluator's, other backends').
     *
     * @param actor
     *            who (a token's name, {@code system})
     * @param action
     *            what, e.g. {@code alarm-rule.create}
     * @param target
     *            on what, e.g. {@code alarm-rule/3}
     * @param detail
     *            free text
     *
     * @throws StoreException
     *             if the database failed: nothing was appended
     */
    void audit(String actor, String action, String target, String detail) throws StoreException;

    /**
     * Tells the {@link LiveListener}s that an alarm was acknowledged (the API stores the acknowledgement).
     *
     * @param alarmId
     *            the alarm
     *
     * @throws StoreException
     *             if the database failed
     */
    void alarmAcknowledged(long alarmId) throws StoreException;

    /**
     * The database, for the backend's other bundles that keep tables in it (alarms, audit, tokens); the store creates
     * every table by its migrations.
     */
    DataSource dataSource();

    /** {@code sqlite} or {@code postgresql}. */
    String dialect();
}
