package io.holdfast.dp.hotswap;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The gateway jar as a process, as a user starts it, and its web console's configuration page. */
final class Gateway implements AutoCloseable {
    final Process process;
    final Path log;
    /** The JVM's GC log (pauses, with the time of day): a delivery gap may be a collection, not Holdfast. */
    final Path gcLog;
    private final int port;
    /** The console password of this run, given to the launcher in a file (a gateway has no default password). */
    private final String password;

    Gateway(Path jar, Path data, int port, Path log) throws IOException {
        this(jar, data, port, log, "hotswap-" + UUID.randomUUID());
    }

    /** A gateway with a given console password: a restart with the same one writes nothing to the data directory. */
    Gateway(Path jar, Path data, int port, Path log, String password) throws IOException {
        this.password = password;
        this.port = port;
        this.log = log;
        Path passwordFile = data.getParent().resolve("console-password.txt");
        Files.writeString(passwordFile, password + "\n");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.io.tmpdir=" + data.getParent().resolve("tmp"));
        gcLog = data.getParent().resolve("gc.log");
        cmd.add("-Xlog:gc:file=" + gcLog + ":time");
        Files.createDirectories(data.getParent().resolve("tmp"));
        cmd.addAll(List.of("-jar", jar.toString(), "--data", data.toString(), "--port", Integer.toString(port),
                "--no-shell", "--console-password-file", passwordFile.toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** The GC log so far (empty before the first collection). */
    String gc() throws IOException {
        return Files.exists(gcLog) ? Files.readString(gcLog) : "";
    }

    /**
     * Sets a configuration through the web console (Configuration page): the properties named are the ones it keeps.
     *
     * @return the HTTP status
     */
    int configure(String pid, Map<String, String> properties) throws IOException {
        String form = "apply=true&action=ajaxConfigManager&propertylist="
                + URLEncoder.encode(String.join(",", properties.keySet()), StandardCharsets.UTF_8) + "&"
                + properties.entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        return post("/system/console/configMgr/" + pid, form);
    }

    /** Deletes a configuration through the web console. */
    int delete(String pid) throws IOException {
        return post("/system/console/configMgr/" + pid, "apply=true&delete=true");
    }

    /**
     * GETs a console page.
     *
     * @return the HTTP status and the body
     */
    java.util.Map.Entry<Integer, String> get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                .openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        c.setRequestProperty("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        try {
            int code = c.getResponseCode();
            try (java.io.InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
                return Map.entry(code, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            c.disconnect();
        }
    }

    private int post(String path, String form) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                .openConnection();
        c.setRequestMethod("POST");
        c.setInstanceFollowRedirects(false); // the console answers 302 to a good form
        c.setDoOutput(true);
        c.setRequestProperty("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        try (OutputStream out = c.getOutputStream()) {
            out.write(form.getBytes(StandardCharsets.UTF_8));
        }
        int code = c.getResponseCode();
        c.disconnect();
        return code;
    }

    /** SIGKILL: the process ends at once, nothing is flushed or stopped. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
