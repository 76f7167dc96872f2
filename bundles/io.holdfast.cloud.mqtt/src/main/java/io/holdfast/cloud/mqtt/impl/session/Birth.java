package io.holdfast.cloud.mqtt.impl.session;

import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Date;
import java.util.TreeSet;
import java.util.function.Function;
import org.eclipse.kura.message.KuraPayload;

/**
 * The lifecycle payloads: BIRTH and APPS (full metrics, with the store's {@link Backlog}), DC and LWT (short).
 * KURA-CONTRACT.md section 5.
 */
public final class Birth {
    private final String displayName;
    private final String encoding;
    private final Function<String, String> frameworkProperty;
    private final String bundleVersion;
    private final Backlog backlog;

    public Birth(String displayName, PayloadEncoding encoding, Function<String, String> frameworkProperty,
            String bundleVersion, Backlog backlog) {
        this.displayName = displayName;
        this.encoding = encoding.name();
        this.frameworkProperty = frameworkProperty;
        this.bundleVersion = bundleVersion;
        this.backlog = backlog;
    }

    public KuraPayload birth(Collection<String> applicationIds, String brokerUrl) {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(new Date());
        p.addMetric("uptime", uptimeMillis());
        p.addMetric("display_name", displayName);
        p.addMetric("model_name", orElse(frameworkProperty.apply("holdfast.model.name"), "Holdfast gateway"));
        p.addMetric("firmware_version",
                orElse(frameworkProperty.apply("kura.firmware.version"), System.getProperty("os.version", "")));
        p.addMetric("os", System.getProperty("os.name", ""));
        p.addMetric("os_version", System.getProperty("os.version", ""));
        p.addMetric("os_arch", System.getProperty("os.arch", ""));
        p.addMetric("jvm_name", System.getProperty("java.vm.name", ""));
        p.addMetric("jvm_version", System.getProperty("java.runtime.version", System.getProperty("java.version", "")));
        p.addMetric("jvm_profile", System.getProperty("java.vm.vendor", ""));
        String kura = frameworkProperty.apply("kura.version");
        p.addMetric("application_framework", kura == null ? "Holdfast" : "Kura");
        p.addMetric("application_framework_version", kura == null ? bundleVersion : kura);
        p.addMetric("available_processors", Runtime.getRuntime().availableProcessors());
        p.addMetric("total_memory", Runtime.getRuntime().maxMemory() / 1024);
        String ip = localAddressTowards(brokerUrl);
        if (ip != null) {
            p.addMetric("connection_ip", ip);
        }
        p.addMetric("accept_encoding", "gzip");
        p.addMetric("application_ids", String.join(",", new TreeSet<>(applicationIds)));
        p.addMetric("payload_encoding", encoding);
        backlog.addTo(p);
        return p;
    }

    public KuraPayload disconnect(String brokerUrl) {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(new Date());
        p.addMetric("uptime", uptimeMillis());
        p.addMetric("display_name", displayName);
        String ip = localAddressTowards(brokerUrl);
        if (ip != null) {
            p.addMetric("connection_ip", ip);
        }
        return p;
    }

    private static String orElse(String s, String dflt) {
        return s == null || s.isBlank() ? dflt : s;
    }

    /** The system's uptime when Linux tells it, else the JVM's. */
    public static long uptimeMillis() {
        try {
            Path p = Path.of("/proc/uptime");
            if (Files.isReadable(p)) {
                String s = new String(Files.readAllBytes(p), StandardCharsets.US_ASCII).trim();
                return (long) (Double.parseDouble(s.substring(0, s.indexOf(' '))) * 1000);
            }
        } catch (IOException | RuntimeException e) {
            // fall back
        }
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** The local address the system would use to reach the broker (no packet is sent). */
    public static String localAddressTowards(String brokerUrl) {
        try {
            URI uri = URI.create(brokerUrl);
            if (uri.getHost() == null) {
                return null;
            }
            try (DatagramSocket s = new DatagramSocket()) {
                s.connect(new InetSocketAddress(InetAddress.getByName(uri.getHost()),
                        uri.getPort() < 0 ? 1883 : uri.getPort()));
                InetAddress a = s.getLocalAddress();
                return a == null || a.isAnyLocalAddress() ? null : a.getHostAddress();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
