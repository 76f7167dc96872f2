package io.holdfast.deploy.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/** The Packages page of the web console, as a browser uses it (with the console's login). */
final class Console {
    /** A status and body. */
    record Reply(int code, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String auth;

    Console(String port, String user, String password) {
        this.base = "http://127.0.0.1:" + port + "/system/console/packages";
        this.auth = user == null ? null : "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Reply get(String suffix) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + suffix)).GET());
    }

    Reply install(Path dp) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(base + "/install")).header("Content-Type", "application/vnd.osgi.dp")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(dp))));
    }

    Reply uninstall(String name) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "/uninstall?name=" + name))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        if (auth != null) {
            b.header("Authorization", auth);
        }
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }
}
