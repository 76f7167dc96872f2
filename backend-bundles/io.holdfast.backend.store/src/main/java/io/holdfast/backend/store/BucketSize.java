package io.holdfast.backend.store;

/** The bucket sizes of statistics: minute and hour come from their rollups, day from the hour rollup. */
public enum BucketSize {
    MINUTE(60_000L), HOUR(3_600_000L), DAY(86_400_000L);

    private final long millis;

    BucketSize(long millis) {
        this.millis = millis;
    }

    /** The bucket length in ms. */
    public long millis() {
        return millis;
    }
}
