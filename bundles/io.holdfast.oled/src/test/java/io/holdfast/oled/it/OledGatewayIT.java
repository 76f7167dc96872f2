package io.holdfast.oled.it;

import static io.holdfast.testkit.HoldfastOptions.HTTP_PORT;
import static io.holdfast.testkit.HoldfastOptions.bundleFile;
import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.freePort;
import static io.holdfast.testkit.HoldfastOptions.gatewayRuntime;
import static io.holdfast.testkit.HoldfastOptions.projectBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.testkit.HoldfastTestSupport;
import io.holdfast.testkit.Mosquitto;
import io.holdfast.testkit.RecordingPublisher;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import io.holdfast.api.status.DeviceStatus;
import io.holdfast.api.status.StatusProvider;

/**
 * The gateway runtime with the ESP32 driver in front of the display: seed readings over MQTT to a Mosquitto this test
 * starts, a status frame over TCP, and the picture the console serves, and the frame the TCP device receives on its own
 * OLED through the driver's downlink, show each device and its RSSI where the links page draws them. Updating the
 * display bundle while readings flow loses none.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OledGatewayIT extends HoldfastTestSupport {
    private static final String SEED = "3C:E9:0E:72:12:4C";
    private static final String TCP_DEVICE = "40:91:51:CB:A4:64";
    private static final int SCALE = 4;

    private final List<org.osgi.service.cm.Configuration> configs = new ArrayList<>();
    private Mosquitto broker;
    private int mqttPort;

    @Configuration
    public Option[] config() {
        return options(gatewayRuntime(projectBundle(), bundleOf(io.holdfast.api.status.StatusProvider.class),
                bundleOf(org.eclipse.kura.KuraException.class), bundleOf(com.fazecast.jSerialComm.SerialPort.class),
                bundleOf(org.eclipse.paho.client.mqttv3.MqttClient.class), bundleOf(com.google.gson.Gson.class),
                bundleFile(driverJar())));
    }

    @Before
    public void startBroker() {
        broker = Mosquitto.anonymous().start();
        mqttPort = broker.port;
    }

    @After
    public void stop() throws Exception {
        for (org.osgi.service.cm.Configuration c : configs) {
            try {
                c.delete();
            } catch (IllegalStateException e) {
                // gone already
            }
        }
        broker.close();
    }

    private org.osgi.service.cm.Configuration configure(String pid, boolean factory, Map<String, Object> props)
            throws IOException {
        ConfigurationAdmin ca = service(ConfigurationAdmin.class, null);
        org.osgi.service.cm.Configuration c = factory ? ca.createFactoryConfiguration(pid, "?")
                : ca.getConfiguration(pid, "?");
        c.update(new Hashtable<>(props));
        configs.add(c);
        return c;
    }

    @Test
    public void theConsolePictureShowsEachDeviceWithItsRssi() throws Exception {
        context.registerService(CloudPublisher.class, new RecordingPublisher(),
                new Hashtable<>(Map.of("kura.service.pid", "oled-it-publisher")));
        org.osgi.service.cm.Configuration oled = configure("io.holdfast.oled.OledDisplay", false,
                Map.of("i2c.enabled", false, "esp32.enabled", false, "pages", "links", "png.scale", SCALE));
        configure(driverPid(), false, Map.of("CloudPublisher.target", "(kura.service.pid=oled-it-publisher)"));
        configure("io.holdfast.esp32.MqttIngestLink", true, Map.of("broker.url", "tcp://127.0.0.1:" + mqttPort,
                "client.id", "oled-it-" + mqttPort, "reconnect.backoff.max.seconds", 2));
        int tcpPort = freePort();
        configure("io.holdfast.esp32.TcpLink", true, Map.of("port", tcpPort, "bind.address", "127.0.0.1"));

        // the seed firmware's gateway reading: RSSI 65 % = -51 dBm
        await().atMost(TIMEOUT).untilAsserted(() -> broker.publishRetained("/readings/gateway/" + SEED,
                "{\"macAddress\":\"" + SEED + "\", \"timestamp\":93387, \"rssi\":65}"));
        ProbeFont font = new ProbeFont(bundle("io.holdfast.oled").getEntry("io/holdfast/oled/impl/frame/font-6x8.txt"));
        await().atMost(TIMEOUT).until(() -> lineOf(png(), font, "72:12:4C", 6) >= 0);
        // the seed device's line shows what the driver's device status says of its signal: -51 dBm once the driver
        // feeds rssi readings into it, nothing (no dBm, a dash for bars) while it only takes status frames
        await().atMost(TIMEOUT).until(() -> {
            Integer rssi = deviceRssi(SEED);
            boolean[][] frame = png();
            int line = lineOf(frame, font, "72:12:4C", 6);
            if (line < 0) {
                return false;
            }
            if (rssi == null) {
                return dark(frame, 72, line, 128, line + 8) && !dark(frame, 62, line + 4, 69, line + 5);
            }
            assertThat(rssi).isEqualTo(-51);
            return drawn(frame, font, "-51dBm", 128 - 36, line);
        });

        // a device on TCP with a status frame: -67 dBm; it stays connected and gets the frame on its own OLED
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            try (Socket probe = new Socket("127.0.0.1", tcpPort)) {
                return true;
            }
        });
        try (Socket s = new Socket("127.0.0.1", tcpPort)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("{\"t\":\"hello\",\"mac\":\"" + TCP_DEVICE + "\",\"uptime\":5000,\"seq\":1}\n"
                    + "{\"t\":\"st\",\"mac\":\"" + TCP_DEVICE + "\",\"rssi\":-67,\"heap\":81234}\n")
                            .getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(TIMEOUT).until(() -> {
                boolean[][] frame = png();
                int line = lineOf(frame, font, "CB:A4:64", 6);
                return line >= 0 && drawn(frame, font, "-67dBm", 128 - 36, line);
            });

            oled.update(new Hashtable<>(Map.of("i2c.enabled", false, "esp32.enabled", true, "esp32.device", TCP_DEVICE,
                    "esp32.interval.ms", 200, "pages", "links", "png.scale", SCALE)));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            boolean[][] shown = null;
            while (shown == null) {
                String line = in.readLine();
                assertThat(line).as("the device's downlink").isNotNull();
                if (line.startsWith("{\"t\":\"oled\",\"bmp\":\"")) {
                    byte[] bmp = Base64.getDecoder().decode(line.substring(19, line.indexOf('"', 19)));
                    assertThat(bmp).hasSize(1024);
                    boolean[][] px = new boolean[128][64];
                    for (int y = 0; y < 64; y++) {
                        for (int x = 0; x < 128; x++) {
                            px[x][y] = (bmp[(y / 8) * 128 + x] & (1 << (y % 8))) != 0;
                        }
                    }
                    int row = lineOf(px, font, "CB:A4:64", 6);
                    if (row >= 0 && drawn(px, font, "-67dBm", 128 - 36, row)) {
                        shown = px;
                    }
                }
            }
            assertThat(lineOf(shown, font, "72:12:4C", 6)).isNotNegative();
        }

        assertThat(http("/system/console/oled.png", null).code).isEqualTo(401);
        Response page = http("/system/console/oled", consoleCredentials());
        assertThat(page.code).isEqualTo(200);
        assertThat(new String(page.body, StandardCharsets.UTF_8)).contains("oled.png").contains("Holdfast OLED");
    }

    @Test
    public void updatingTheDisplayWhileReadingsFlowLosesNone() throws Exception {
        RecordingPublisher recorder = new RecordingPublisher();
        context.registerService(CloudPublisher.class, recorder,
                new Hashtable<>(Map.of("kura.service.pid", "oled-it-publisher")));
        configure(driverPid(), false, Map.of("CloudPublisher.target", "(kura.service.pid=oled-it-publisher)"));
        int tcpPort = freePort();
        configure("io.holdfast.esp32.TcpLink", true, Map.of("port", tcpPort, "bind.address", "127.0.0.1"));
        Bundle oled = bundle("io.holdfast.oled");
        int n = 400;
        Set<String> sent = ConcurrentHashMap.newKeySet();
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            try (Socket s = new Socket("127.0.0.1", tcpPort)) {
                return true;
            }
        });
        try (Socket s = new Socket("127.0.0.1", tcpPort)) {
            OutputStream out = s.getOutputStream();
            out.write(("{\"t\":\"hello\",\"mac\":\"" + TCP_DEVICE + "\",\"uptime\":1000,\"seq\":1}\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (int seq = 1; seq <= n; seq++) {
                out.write(("{\"t\":\"r\",\"mac\":\"" + TCP_DEVICE + "\",\"seq\":" + seq + ",\"uptime\":" + (1000 + seq)
                        + ",\"type\":\"temperature\",\"v\":{\"temperature\":4.5}}\n").getBytes(StandardCharsets.UTF_8));
                sent.add(TCP_DEVICE + "#" + seq);
                if (seq == n / 4) {
                    oled.stop();
                } else if (seq == n / 2) {
                    oled.update();
                    oled.start();
                }
            }
            out.flush();
            await().atMost(TIMEOUT).until(() -> recorder.ids().size() >= n);
        }
        assertThat(recorder.ids()).isEqualTo(sent);
        await().atMost(TIMEOUT).until(() -> oled.getState() == Bundle.ACTIVE);
    }

    /** The driver's bundle, found on the test class path by its file name (its classes are private). */
    private static File driverJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry);
            if (f.getName().startsWith("io.holdfast.esp32-") && f.getName().endsWith(".jar")) {
                return f;
            }
        }
        throw new IllegalStateException("No io.holdfast.esp32 jar on the test class path");
    }

    /** The driver's singleton PID, whichever name the driver has ({@code Gateway}, later {@code Esp32Driver}). */
    private String driverPid() {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class, null);
        return scr.getComponentDescriptionDTOs(bundle("io.holdfast.esp32")).stream().map(d -> d.name)
                .filter(n -> n.equals("io.holdfast.esp32.Esp32Driver") || n.equals("io.holdfast.esp32.Gateway"))
                .findFirst().orElseThrow(() -> new AssertionError("No driver component in io.holdfast.esp32"));
    }

    /** The RSSI the status providers report for a device, or null. */
    private Integer deviceRssi(String mac) throws Exception {
        for (ServiceReference<StatusProvider> ref : context.getServiceReferences(StatusProvider.class, null)) {
            StatusProvider p = context.getService(ref);
            try {
                for (DeviceStatus d : p.status().devices()) {
                    if (d.deviceId().equals(mac)) {
                        return d.rssiDbm();
                    }
                }
            } finally {
                context.ungetService(ref);
            }
        }
        return null;
    }

    /** Whether every pixel in [x0, x1) x [y0, y1) is dark. */
    private static boolean dark(boolean[][] frame, int x0, int y0, int x1, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (frame[x][y]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The panel pixels of the console's PNG (the centre of each square). */
    private boolean[][] png() throws IOException {
        Response r = http("/system/console/oled.png", consoleCredentials());
        if (r.code != 200) {
            return new boolean[128][64];
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body));
        assertThat(img.getWidth()).isEqualTo(128 * SCALE);
        boolean[][] px = new boolean[128][64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 128; x++) {
                px[x][y] = ((img.getRGB(x * SCALE + (SCALE - 1) / 2, y * SCALE + (SCALE - 1) / 2) >> 8) & 0xFF) > 0x80;
            }
        }
        return px;
    }

    /** The top row of the text line where the text is drawn at x, or -1. */
    private static int lineOf(boolean[][] frame, ProbeFont font, String text, int x) {
        for (int y = 8; y <= 56; y += 8) {
            if (drawn(frame, font, text, x, y)) {
                return y;
            }
        }
        return -1;
    }

    /** Whether every pixel of the text's cells at (x, y) is exactly as the font draws it. */
    private static boolean drawn(boolean[][] frame, ProbeFont font, String text, int x, int y) {
        for (int j = y; j < y + 8; j++) {
            for (int i = x; i < x + text.length() * 6 && i < 128; i++) {
                if (font.lit(text, x, y, i, j) != frame[i][j]) {
                    return false;
                }
            }
        }
        return true;
    }

    private record Response(int code, byte[] body) {
    }

    private Response http(String path, String credentials) throws IOException {
        int port = Integer.parseInt(context.getProperty(HTTP_PORT));
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                .openConnection();
        try {
            c.setConnectTimeout(2000);
            c.setReadTimeout(10000);
            if (credentials != null) {
                c.setRequestProperty("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            }
            int code = c.getResponseCode();
            InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream();
            return new Response(code, in == null ? new byte[0] : in.readAllBytes());
        } catch (IOException e) {
            return new Response(-1, new byte[0]);
        } finally {
            c.disconnect();
        }
    }
}
