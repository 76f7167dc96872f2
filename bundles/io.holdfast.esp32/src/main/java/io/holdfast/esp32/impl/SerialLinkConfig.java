package io.holdfast.esp32.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of one serial port ({@value SerialLink#PID}, a factory: one instance per port). */
@ObjectClassDefinition(id = SerialLink.PID, name = "ESP32 serial link", description = "A USB-UART port to an ESP32 "
        + "gateway device: newline-delimited frames (ESP32-LINK.md). Reopened after unplug, with back-off.")
@interface SerialLinkConfig {

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Port", description = "Device path, for example /dev/ttyUSB0 or "
            + "/dev/serial/by-id/...")
    String port() default "/dev/ttyUSB0";

    @AttributeDefinition(name = "Baud rate", options = { @Option(label = "9600", value = "9600"),
            @Option(label = "57600", value = "57600"), @Option(label = "115200", value = "115200"),
            @Option(label = "230400", value = "230400"), @Option(label = "460800", value = "460800"),
            @Option(label = "921600", value = "921600") })
    int baud() default 115_200;

    @AttributeDefinition(name = "Data bits", options = { @Option(label = "7", value = "7"),
            @Option(label = "8", value = "8") })
    int data_bits() default 8;

    @AttributeDefinition(name = "Parity", options = { @Option(label = "none", value = "none"),
            @Option(label = "even", value = "even"), @Option(label = "odd", value = "odd") })
    String parity() default "none";

    @AttributeDefinition(name = "Stop bits", options = { @Option(label = "1", value = "1"),
            @Option(label = "2", value = "2") })
    int stop_bits() default 1;

    @AttributeDefinition(name = "Idle timeout (s)", min = "1", description = "With no valid frame for this long the "
            + "port is closed and reopened.")
    int idle_timeout_seconds() default 120;

    @AttributeDefinition(name = "Maximum reopen back-off (s)", min = "1", description = "Reopening waits 1 s, then "
            + "twice as long after each failure, up to this.")
    int reopen_backoff_max_seconds() default 30;
}
