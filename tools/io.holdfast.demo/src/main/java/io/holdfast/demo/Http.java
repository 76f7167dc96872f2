package io.holdfast.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The two HTTP services the demo talks to: the gateway's web console (its Configuration page's form, as an operator
 * fills it in) and the backend's REST API (with the admin token). Redirects are not followed: the console answers a
 * configuration POST with 302.
 */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private Http() {
    }

    /** GET {@code url}: the status, or -1 when nothing answers. */
    static int status(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The console's Configuration form for {@code pid}: every listed property set, every other one back to its default.
     * With a {@code factoryPid}, {@code pid} is the console's placeholder and a new factory configuration is made (what
     * the page's "+" button posts).
     *
     * @return the status
     */
    static int configure(String console, String password, String pid, String factoryPid, Map<String, String> props)
            throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder("apply=true&action=ajaxConfigManager&propertylist=")
                .append(enc(String.join(",", props.keySet())));
        if (factoryPid != null) {
            form.append("&factoryPid=").append(enc(factoryPid));
        }
        props.forEach((k, v) -> form.append('&').append(enc(k)).append('=').append(enc(v)));
        HttpRequest r = HttpRequest.newBuilder(URI.create(console + "/configMgr/" + pid))
                .timeout(Duration.ofSeconds(20)).header("Authorization", basic("admin", password))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        return CLIENT.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * A GET of the web console with its password.
     *
     * @return the status and the body
     */
    static String[] console(String console, String password, String path) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(console + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", basic("admin", password)).build();
        HttpResponse<String> res = CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
        return new String[] { Integer.toString(res.statusCode()), res.body() };
    }

    /**
     * A REST API request with a bearer token.
     *
     * @return the status and the body
     */
    static String[] api(String api, String token, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> res = CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
        return new String[] { Integer.toString(res.statusCode()), res.body() };
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
