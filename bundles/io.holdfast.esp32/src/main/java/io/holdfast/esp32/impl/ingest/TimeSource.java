package io.holdfast.esp32.impl.ingest;

/** The gateway's clocks: wall time for timestamps, a monotonic one for intervals and clock mapping. */
public interface TimeSource {

    /** Epoch milliseconds, as {@link System#currentTimeMillis()}. */
    long wallMillis();

    /** Monotonic milliseconds, unaffected by steps of the wall clock. */
    long monoMillis();

    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long monoMillis() {
            return System.nanoTime() / 1_000_000L;
        }
    };
}
