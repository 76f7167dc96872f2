package io.holdfast.backend.store;

/**
 * A change of an alarm, as {@link LiveListener#alarmChanged} receives it. The fields are those of {@code GET
 * /api/v1/alarms}.
 *
 * @param change
 *            what happened
 * @param id
 *            the alarm's id
 * @param ruleId
 *            the rule that raised it
 * @param device
 *            the device (for {@code GATEWAY_OFFLINE}: the gateway's client id)
 * @param metric
 *            the rule's metric, empty for {@code NO_DATA} and {@code GATEWAY_OFFLINE}
 * @param kind
 *            {@code ABOVE}, {@code BELOW}, {@code NO_DATA} or {@code GATEWAY_OFFLINE}
 * @param startedAt
 *            when the excursion began, epoch ms (the first reading beyond the threshold, the last data before the
 *            silence)
 * @param raisedAt
 *            when the rule's duration was reached and the alarm raised, epoch ms (reading time for thresholds)
 * @param endedAt
 *            when it ended, epoch ms, or {@code null} while active
 * @param peak
 *            the most extreme value of the excursion ({@code ABOVE}: highest, {@code BELOW}: lowest), or {@code null}
 * @param excursionSeconds
 *            the excursion's duration: ended (or, while active, the newest evaluation time) minus started
 * @param ackBy
 *            who acknowledged it, or {@code null}
 * @param ackComment
 *            their comment, or {@code null}
 */
public record AlarmEvent(Change change, long id, long ruleId, String device, String metric, String kind, long startedAt,
        long raisedAt, Long endedAt, Double peak, long excursionSeconds, String ackBy, String ackComment) {

    /** What happened to the alarm. */
    public enum Change {
        RAISED, ENDED, ACKNOWLEDGED
    }
}
