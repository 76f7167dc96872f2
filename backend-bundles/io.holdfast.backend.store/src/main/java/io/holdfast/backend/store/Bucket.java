package io.holdfast.backend.store;

/**
 * Statistics of one metric over one time bucket, from the rollups.
 *
 * @param start
 *            the bucket's start, epoch ms
 * @param count
 *            values in it
 * @param min
 *            smallest value
 * @param max
 *            largest value
 * @param avg
 *            mean value
 * @param first
 *            the value with the earliest timestamp
 * @param last
 *            the value with the latest timestamp
 */
public record Bucket(long start, long count, double min, double max, double avg, double first, double last) {
}
