package io.holdfast.api.status;

import io.holdfast.api.queue.QueueStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A snapshot of the gateway's status, whole or in part. Providers return the part they know; readers merge them.
 *
 * @param takenAt
 *            when the snapshot was taken
 * @param links
 *            the links, by id
 * @param devices
 *            the devices, by id
 * @param backlogs
 *            the durable queues
 * @param rates
 *            named rates per second ({@link #RATE_READINGS_IN}, {@link #RATE_PUBLISHED}, ...), summed on merge
 * @param counters
 *            named counters ({@link #COUNTER_REJECTED_FRAMES}, ...), summed on merge
 */
public record GatewayStatus(Instant takenAt, List<LinkStatus> links, List<DeviceStatus> devices,
        List<QueueStats> backlogs, Map<String, Double> rates, Map<String, Long> counters) {

    /** Rate: readings received from devices per second. */
    public static final String RATE_READINGS_IN = "readings.in";
    /** Rate: readings handed to a cloud publisher per second. */
    public static final String RATE_PUBLISHED = "readings.published";
    /** Rate: messages confirmed by a broker per second. */
    public static final String RATE_CONFIRMED = "messages.confirmed";
    /** Counter: frames rejected by the driver, all reasons. */
    public static final String COUNTER_REJECTED_FRAMES = "frames.rejected";
    /** Counter: readings published raw because no codec decoded them. */
    public static final String COUNTER_UNDECODED = "readings.undecoded";

    /**
     * Validates the components and copies the collections.
     *
     * @throws NullPointerException
     *             if any component is {@code null}
     */
    public GatewayStatus {
        Objects.requireNonNull(takenAt, "takenAt");
        links = List.copyOf(links);
        devices = List.copyOf(devices);
        backlogs = List.copyOf(backlogs);
        rates = Map.copyOf(rates);
        counters = Map.copyOf(counters);
    }

    /**
     * An empty status taken now.
     *
     * @return a status with nothing in it
     */
    public static GatewayStatus empty() {
        return new GatewayStatus(Instant.now(), List.of(), List.of(), List.of(), Map.of(), Map.of());
    }

    /**
     * Merges partial statuses into one: lists are concatenated and sorted by id or name, rates and counters of the same
     * name are summed, and the time is that of the newest part.
     *
     * @param parts
     *            the partial statuses
     *
     * @return the merged status; {@link #empty()} for no parts
     */
    public static GatewayStatus merge(Collection<GatewayStatus> parts) {
        if (parts.isEmpty()) {
            return empty();
        }
        Instant taken = Instant.MIN;
        List<LinkStatus> links = new ArrayList<>();
        List<DeviceStatus> devices = new ArrayList<>();
        List<QueueStats> backlogs = new ArrayList<>();
        Map<String, Double> rates = new TreeMap<>();
        Map<String, Long> counters = new TreeMap<>();
        for (GatewayStatus part : parts) {
            if (part.takenAt.isAfter(taken)) {
                taken = part.takenAt;
            }
            links.addAll(part.links);
            devices.addAll(part.devices);
            backlogs.addAll(part.backlogs);
            part.rates.forEach((k, v) -> rates.merge(k, v, Double::sum));
            part.counters.forEach((k, v) -> counters.merge(k, v, Long::sum));
        }
        links.sort(Comparator.comparing(LinkStatus::id));
        devices.sort(Comparator.comparing(DeviceStatus::deviceId));
        backlogs.sort(Comparator.comparing(QueueStats::name));
        return new GatewayStatus(taken, links, devices, backlogs, rates, counters);
    }

    /**
     * The total number of stored, unacknowledged messages over all queues.
     *
     * @return the backlog depth
     */
    public long backlogDepth() {
        return backlogs.stream().mapToLong(QueueStats::depth).sum();
    }

    /**
     * A rate by name.
     *
     * @param name
     *            the rate's name
     *
     * @return the rate per second, 0 when unknown
     */
    public double rate(String name) {
        return rates.getOrDefault(name, 0d);
    }

    /**
     * A counter by name.
     *
     * @param name
     *            the counter's name
     *
     * @return the count, 0 when unknown
     */
    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
