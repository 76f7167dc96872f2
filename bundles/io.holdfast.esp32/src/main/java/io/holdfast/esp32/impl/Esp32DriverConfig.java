package io.holdfast.esp32.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the shared ingest pipeline ({@value Esp32Driver#PID}). */
@ObjectClassDefinition(id = Esp32Driver.PID, name = "ESP32 gateway driver", description = "The pipeline every ESP32 link "
        + "feeds: decoding, device registry, clock mapping, duplicates, buffering, codecs, publishing and acks.")
@interface Esp32DriverConfig {

    @AttributeDefinition(name = "CloudPublisher target", description = "The CloudPublisher that stores and sends "
            + "readings (a filter on its kura.service.pid). Devices are acked only after it accepted a reading.")
    String CloudPublisher_target() default "(kura.service.pid=changeme)";

    @AttributeDefinition(name = "Buffer size", min = "1", max = "10000000", description = "Readings held in memory "
            + "while the CloudPublisher is absent or failing. Beyond it readings are dropped unacked (devices re-send), "
            + "counted as buffer.overflow and logged.")
    int buffer_size() default 10_000;

    @AttributeDefinition(name = "Publishing threads", min = "1", max = "1024", description = "Concurrent publish() "
            + "calls. A durable publisher commits concurrent calls together, so more threads mean larger commits.")
    int publish_threads() default 16;

    @AttributeDefinition(name = "CRC required", description = "Reject frames without the CRC-16 suffix.")
    boolean crc_required() default false;

    @AttributeDefinition(name = "Clock window (s)", min = "1", description = "Sliding window of the minimum-offset "
            + "estimate that maps device uptime onto gateway time.")
    int clock_window_seconds() default 600;

    @AttributeDefinition(name = "Clock jump threshold (ms)", min = "1", description = "An uptime that runs ahead of "
            + "real time by more than this, or an estimate that moves by more, flags CLOCK_JUMP and restarts the window.")
    int clock_jump_ms() default 5_000;

    @AttributeDefinition(name = "Future tolerance (s)", min = "0", description = "A device ts further ahead of the "
            + "gateway clock is flagged TIME_UNTRUSTED and replaced.")
    int ts_future_tolerance_seconds() default 300;

    @AttributeDefinition(name = "Gap timeout (s)", min = "1", description = "A hole in a device's sequence numbers that "
            + "is not re-sent within this time is given up (counted as a gap) so that acks move on.")
    int ack_gap_timeout_seconds() default 60;

    @AttributeDefinition(name = "Reject log interval (s)", min = "0", description = "At most one log line per reject "
            + "reason in this interval; the suppressed ones are counted.")
    int reject_log_interval_seconds() default 10;

    @AttributeDefinition(name = "Maximum devices", min = "1", description = "Devices kept in the registry; beyond it "
            + "the least recently seen idle ones are forgotten.")
    int registry_max_devices() default 10_000;

    @AttributeDefinition(name = "Reporting interval (ms)", min = "0", description = "Sent to each device after its "
            + "hello as {\"t\":\"cfg\",\"interval\":N}; 0 leaves the devices' own interval.")
    int report_interval_ms() default 0;

    @AttributeDefinition(name = "Time sync", description = "Send {\"t\":\"time\",\"epoch\":ms} after each hello and "
            + "periodically, so that devices can stamp readings with ts.")
    boolean time_sync() default true;

    @AttributeDefinition(name = "Time sync interval (min)", min = "1")
    int time_sync_interval_minutes() default 60;
}
