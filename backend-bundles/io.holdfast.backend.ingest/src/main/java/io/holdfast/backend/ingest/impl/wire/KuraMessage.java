package io.holdfast.backend.ingest.impl.wire;

import java.util.List;
import java.util.Map;

/**
 * A Kura payload, whichever its encoding: its timestamp ({@code null} when absent), metrics and, for a Holdfast batch,
 * the readings it carries.
 */
record KuraMessage(Long timestamp, Map<String, Object> metrics, List<KuraMessage> batch) {
}
