package io.holdfast.esp32.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of one TCP listener ({@value TcpLink#PID}, a factory: one instance per listener). */
@ObjectClassDefinition(id = TcpLink.PID, name = "ESP32 TCP link", description = "A TCP listener for ESP32 devices "
        + "on WiFi: newline-delimited frames (ESP32-LINK.md), one connection per device.")
@interface TcpLinkConfig {

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Port", min = "0", max = "65535", description = "TCP port to listen on (0: any free one).")
    int port() default 7420;

    @AttributeDefinition(name = "Bind address", description = "Address to listen on; 0.0.0.0 for all.")
    String bind_address() default "0.0.0.0";

    @AttributeDefinition(name = "Maximum connections", min = "1")
    int max_connections() default 5_000;

    @AttributeDefinition(name = "Idle timeout (s)", min = "1", description = "A connection that sends no valid frame "
            + "for this long is closed (the device reconnects).")
    int idle_timeout_seconds() default 120;

    @AttributeDefinition(name = "I/O threads", min = "0", max = "64", description = "Reactor threads; 0 for "
            + "one per core, at most two.")
    int io_threads() default 0;

    @AttributeDefinition(name = "TLS", description = "Serve TLS with the key store below.")
    boolean tls_enabled() default false;

    @AttributeDefinition(name = "TLS key store", required = false, description = "Path of the key store with the server key and "
            + "certificate.")
    String tls_keystore_path() default "";

    @AttributeDefinition(name = "TLS key store password", type = AttributeType.PASSWORD, required = false)
    String tls_keystore_password() default "";

    @AttributeDefinition(name = "TLS key store type", options = {
            @org.osgi.service.metatype.annotations.Option(label = "PKCS12", value = "PKCS12"),
            @org.osgi.service.metatype.annotations.Option(label = "JKS", value = "JKS") })
    String tls_keystore_type() default "PKCS12";

    @AttributeDefinition(name = "Device tokens required", description = "Each connection must start with a hello "
            + "carrying its device's token; other frames are rejected and the connection closed.")
    boolean auth_required() default false;

    @AttributeDefinition(name = "Device tokens", type = AttributeType.PASSWORD, required = false, description = "MAC=token pairs, "
            + "separated by commas.")
    String auth_tokens() default "";
}
