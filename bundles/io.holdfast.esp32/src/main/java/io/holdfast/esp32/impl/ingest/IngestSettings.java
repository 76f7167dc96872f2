package io.holdfast.esp32.impl.ingest;

/**
 * The pipeline's settings (from the driver's configuration). Start from {@link #defaults()} and change what differs
 * with the {@code withX} methods.
 *
 * @param bufferSize
 *            readings held while the publisher is absent, failing or slow
 * @param publishThreads
 *            concurrent publish() calls
 * @param crcRequired
 *            reject frames without the CRC suffix
 * @param clockWindowMs
 *            window of the minimum-offset clock estimate
 * @param clockJumpMs
 *            what counts as a clock jump
 * @param futureToleranceMs
 *            how far ahead of the gateway clock a device ts may be
 * @param gapTimeoutMs
 *            after this a hole in the sequence numbers is given up
 * @param logIntervalMs
 *            at most one log line per reason in this interval
 * @param maxDevices
 *            devices kept in the registry
 * @param reportIntervalMs
 *            reporting interval sent to devices after their hello; 0 none
 * @param timeSync
 *            send time sync frames
 * @param timeSyncIntervalMs
 *            how often
 */
public record IngestSettings(int bufferSize, int publishThreads, boolean crcRequired, long clockWindowMs,
        long clockJumpMs, long futureToleranceMs, long gapTimeoutMs, long logIntervalMs, int maxDevices,
        long reportIntervalMs, boolean timeSync, long timeSyncIntervalMs) {

    /** The defaults of the driver's configuration. */
    public static IngestSettings defaults() {
        return new IngestSettings(10_000, 16, false, 600_000, 5_000, 300_000, 60_000, 10_000, 10_000, 0, true,
                3_600_000);
    }

    public IngestSettings withBufferSize(int v) {
        return new IngestSettings(v, publishThreads, crcRequired, clockWindowMs, clockJumpMs, futureToleranceMs,
                gapTimeoutMs, logIntervalMs, maxDevices, reportIntervalMs, timeSync, timeSyncIntervalMs);
    }

    public IngestSettings withPublishThreads(int v) {
        return new IngestSettings(bufferSize, v, crcRequired, clockWindowMs, clockJumpMs, futureToleranceMs,
                gapTimeoutMs, logIntervalMs, maxDevices, reportIntervalMs, timeSync, timeSyncIntervalMs);
    }

    public IngestSettings withCrcRequired(boolean v) {
        return new IngestSettings(bufferSize, publishThreads, v, clockWindowMs, clockJumpMs, futureToleranceMs,
                gapTimeoutMs, logIntervalMs, maxDevices, reportIntervalMs, timeSync, timeSyncIntervalMs);
    }

    public IngestSettings withClockWindowMs(long v) {
        return new IngestSettings(bufferSize, publishThreads, crcRequired, v, clockJumpMs, futureToleranceMs,
                gapTimeoutMs, logIntervalMs, maxDevices, reportIntervalMs, timeSync, timeSyncIntervalMs);
    }

    public IngestSettings withClockJumpMs(long v) {
        return new IngestSettings(bufferSize, publishThreads, crcRequired, clockWindowMs, v, futureToleranceMs,
                gapTimeoutMs, logIntervalMs, maxDevices, reportIntervalMs, timeSync, timeSyncIntervalMs);
    }

    public IngestSettings withFutureToleranceMs(long v) {
        return new IngestSettings(bufferSize, publishThreads, crcRequired, clockWindowMs, clockJumpMs, v, gapTimeoutMs,
                logIntervalMs, maxDevices, reportIntervalMs, timeSync, timeSyncIntervalMs);
    }

    public IngestSettings withGapTimeoutMs(long v) {
        return new IngestSettings(bufferSize, publishThreads, crcRequired, clockWindowMs, clockJumpMs,
                futureToleranceMs, v, logIntervalMs, maxDevices, reportIntervalMs, timeSync, timeSyncIntervalMs);
    }

    public IngestSettings withLogIntervalMs(long v) {
        return new IngestSettings(bufferSize, publishThreads, crcRequired, clockWindowMs, clockJumpMs,
                futureToleranceMs, gapTimeoutMs, v, maxDevices, reportIntervalMs, timeSync, timeSyncIntervalMs);
    }

    public IngestSettings withMaxDevices(int v) {
        return new IngestSettings(bufferSize, publishThreads, crcRequired, clockWindowMs, clockJumpMs,
                futureToleranceMs, gapTimeoutMs, logIntervalMs, v, reportIntervalMs, timeSync, timeSyncIntervalMs);
    }

    public IngestSettings withReportIntervalMs(long v) {
        return new IngestSettings(bufferSize, publishThreads, crcRequired, clockWindowMs, clockJumpMs,
                futureToleranceMs, gapTimeoutMs, logIntervalMs, maxDevices, v, timeSync, timeSyncIntervalMs);
    }

    public IngestSettings withTimeSync(boolean v) {
        return new IngestSettings(bufferSize, publishThreads, crcRequired, clockWindowMs, clockJumpMs,
                futureToleranceMs, gapTimeoutMs, logIntervalMs, maxDevices, reportIntervalMs, v, timeSyncIntervalMs);
    }

    public IngestSettings withTimeSyncIntervalMs(long v) {
        return new IngestSettings(bufferSize, publishThreads, crcRequired, clockWindowMs, clockJumpMs,
                futureToleranceMs, gapTimeoutMs, logIntervalMs, maxDevices, reportIntervalMs, timeSync, v);
    }
}
