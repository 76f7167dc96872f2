package io.holdfast.backend.store;

/**
 * One numeric value of a stored reading.
 *
 * @param timestamp
 *            the reading's timestamp, epoch ms
 * @param seq
 *            the reading's seq
 * @param metric
 *            the metric
 * @param value
 *            its value
 */
public record Sample(long timestamp, long seq, String metric, double value) {
}
