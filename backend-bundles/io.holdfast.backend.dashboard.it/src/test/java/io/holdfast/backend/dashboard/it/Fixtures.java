package io.holdfast.backend.dashboard.it;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/** What the tests make: readings as a gateway publishes them, a deployment package, web console forms, API calls. */
final class Fixtures {

    private Fixtures() {
    }

    /** A reading in Kura's simple JSON, on the topic the gateway's ESP32 publisher uses. */
    static void publish(MqttClient c, String gateway, String device, long seq, long ts, double temperature, int rssi)
            throws MqttException {
        JsonObject metrics = new JsonObject();
        metrics.addProperty("source", device);
        metrics.addProperty("seq", seq);
        metrics.addProperty("temperature", temperature);
        metrics.addProperty("rssi", rssi);
        JsonObject p = new JsonObject();
        p.addProperty("sentOn", ts);
        p.add("metrics", metrics);
        MqttMessage m = new MqttMessage(p.toString().getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        c.publish("holdfast/" + gateway + "/ESP32/readings/" + device, m);
    }

    /** A deployment package with one bundle that has nothing but its manifest. */
    static Path deploymentPackage(Path dir, String name, String version) throws IOException {
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        Manifest bm = new Manifest();
        bm.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        bm.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        bm.getMainAttributes().putValue("Bundle-SymbolicName", name + ".bundle");
        bm.getMainAttributes().putValue("Bundle-Version", version);
        bm.getMainAttributes().putValue("Bundle-Name", "Dashboard test bundle");
        try (JarOutputStream j = new JarOutputStream(bundle, bm)) {
            j.putNextEntry(new JarEntry("hello.txt"));
            j.write("deployed from the dashboard\n".getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        Manifest dm = new Manifest();
        dm.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        dm.getMainAttributes().putValue("DeploymentPackage-SymbolicName", name);
        dm.getMainAttributes().putValue("DeploymentPackage-Version", version);
        String entry = name + ".bundle.jar";
        Attributes a = new Attributes();
        a.putValue("Bundle-SymbolicName", name + ".bundle");
        a.putValue("Bundle-Version", version);
        dm.getEntries().put(entry, a);
        Files.createDirectories(dir);
        Path dp = dir.resolve(name + "_" + version + ".dp");
        try (OutputStream out = Files.newOutputStream(dp); JarOutputStream j = new JarOutputStream(out, dm)) {
            j.putNextEntry(new JarEntry(entry));
            j.write(bundle.toByteArray());
            j.closeEntry();
        }
        return dp;
    }

    /** A web console Configuration form: every listed property set, every other one back to its default. */
    static int configure(int consolePort, String pid, Map<String, String> props) {
        StringBuilder form = new StringBuilder("apply=true&action=ajaxConfigManager&propertylist=")
                .append(enc(String.join(",", props.keySet())));
        props.forEach((k, v) -> form.append('&').append(enc(k)).append('=').append(enc(v)));
        return Site.console(consolePort, "POST", "/system/console/configMgr/" + pid, form.toString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The backend's REST API with a bearer token: status and body. */
    static String[] api(int port, String token, String method, String path, String json) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> r = Site.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new String[] { Integer.toString(r.statusCode()), r.body() };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
