package io.holdfast.backend.store;

/**
 * What a write did.
 *
 * @param stored
 *            readings stored now
 * @param duplicates
 *            readings whose (device, seq) was stored before, or twice in the batch: not stored again
 */
public record WriteResult(int stored, int duplicates) {
}
