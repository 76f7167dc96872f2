package io.holdfast.demo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.holdfast.launcher.common.DataDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's web console as the demo uses it on every run: with the password the demo keeps in
 * {@code DIR/console-password} (given to the gateway with {@code --console-password-file}), it makes sure the gateway
 * has the demo's serial link on the pty, as an operator would on the Configuration page.
 */
final class GatewayConsole {

    static final String PASSWORD_FILE = "console-password";
    /**
     * The demo's serial link: a factory configuration of the driver's serial link with this {@code kura.service.pid}.
     */
    static final String SERIAL_LINK = "esp32-serial";
    static final String SERIAL_FACTORY = "io.holdfast.esp32.SerialLink";
    /** The console's placeholder PID for a new factory configuration (what its "+" button posts). */
    private static final String NEW = "__Temporary%20PID%20replaced%20by%20real%20PID%20upon%20save__";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The console password the demo keeps.
     *
     * @param value
     *            the password
     * @param file
     *            where it is kept (readable by the owner only)
     * @param made
     *            whether this run made it (print it then)
     */
    record Password(String value, Path file, boolean made) {
    }

    private final String url;
    private final String password;

    GatewayConsole(String url, String password) {
        this.url = url;
        this.password = password;
    }

    /**
     * The password in {@code DIR/console-password}, or a new random one written there (owner read and write only) when
     * the file is absent or holds no usable password (at least 8 characters on its first line).
     */
    static Password password(Path data) throws IOException {
        Path file = data.resolve(PASSWORD_FILE);
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (kept.length() >= 8 && !kept.equals("admin")) {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
                return new Password(kept, file, false);
            }
        }
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        String made = Base64.getUrlEncoder().withoutPadding().encodeToString(b); // 20 characters, 120 bits
        DataDirectory.writePrivate(file, made);
        return new Password(made, file, true);
    }

    /**
     * Makes sure the gateway has the demo's serial link, enabled, on {@code port}: adds it when there is none (a first
     * run, a first run without socat, a configuration deleted on the console), updates it when its port differs (the
     * data directory moved), leaves it alone otherwise.
     *
     * @return what was done, one line
     *
     * @throws DemoException
     *             when the console refuses the demo's password or the configuration
     */
    String ensureSerialLink(Path port) throws IOException, InterruptedException {
        JsonObject link = findSerialLink();
        Map<String, String> props = Map.of("kura.service.pid", SERIAL_LINK, "port", port.toString());
        if (link == null) {
            configure(NEW, SERIAL_FACTORY, props);
            return "serial link " + SERIAL_LINK + " on " + port + " added through the web console";
        }
        String pid = link.get("pid").getAsString();
        if (port.toString().equals(property(link, "port")) && !"false".equals(property(link, "enabled"))) {
            return "serial link " + SERIAL_LINK + " on " + port + " kept (" + pid + ")";
        }
        configure(pid, null, props);
        return "serial link " + SERIAL_LINK + " set to " + port + " (was " + property(link, "port") + ", enabled "
                + property(link, "enabled") + ") through the web console";
    }

    /** The demo's serial link configuration, as the console's JSON lists it, or {@code null}. */
    private JsonObject findSerialLink() throws IOException, InterruptedException {
        String body = null;
        for (int i = 0; i < 60 && body == null; i++) {
            if (i > 0) {
                TimeUnit.SECONDS.sleep(1); // the console's configuration plugin may not be there yet: ask again
            }
            String[] r = Http.console(url, password,
                    "/configMgr/*.json?pidFilter=" + Http.enc("(kura.service.pid=" + SERIAL_LINK + ")"));
            if (r[0].equals("401")) {
                throw refused("401");
            }
            if (r[0].equals("200")) {
                body = r[1];
            }
        }
        if (body == null) {
            throw new DemoException("the gateway's web console does not list its configurations (" + url + ")");
        }
        try {
            for (JsonElement e : JsonParser.parseString(body).getAsJsonArray()) {
                JsonObject o = e.getAsJsonObject();
                if (o.has("factoryPid") && SERIAL_FACTORY.equals(o.get("factoryPid").getAsString())) {
                    return o;
                }
            }
        } catch (JsonParseException | IllegalStateException e) {
            throw new DemoException("the gateway's web console listed its configurations in a form the demo does "
                    + "not know: " + e.getMessage());
        }
        return null;
    }

    private static String property(JsonObject link, String name) {
        JsonElement props = link.get("properties");
        if (props == null || !props.isJsonObject() || !props.getAsJsonObject().has(name)) {
            return null;
        }
        JsonElement p = props.getAsJsonObject().get(name);
        JsonElement v = p.isJsonObject() ? p.getAsJsonObject().get("value") : p;
        return v == null || v.isJsonNull() ? null : v.getAsString();
    }

    private void configure(String pid, String factoryPid, Map<String, String> props)
            throws IOException, InterruptedException {
        int status = -1;
        for (int i = 0; i < 60 && (status < 200 || status >= 400); i++) {
            if (i > 0) {
                TimeUnit.SECONDS.sleep(1); // the console's configuration page may not be there yet: ask again
            }
            status = Http.configure(url, password, pid, factoryPid, props);
            if (status == 401) {
                throw refused("401");
            }
        }
        if (status < 200 || status >= 400) {
            throw new DemoException("the gateway's web console refused the configuration of " + pid + ": " + status);
        }
    }

    private DemoException refused(String status) {
        return new DemoException("the gateway's web console refused the demo's password (" + status + "): a "
                + "password set on its Configuration page (Apache Felix OSGi Management Console) takes precedence "
                + "over " + PASSWORD_FILE + "; delete that configuration on the console, or put that password in "
                + PASSWORD_FILE);
    }
}
