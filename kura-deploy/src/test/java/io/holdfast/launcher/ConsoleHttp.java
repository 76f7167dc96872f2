package io.holdfast.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Talks to the web console as a browser does: basic authentication, no redirects followed. Any I/O failure is a
 * response with code -1, so that tests can wait for the console with a plain condition.
 */
final class ConsoleHttp {

    /** A response: the status code (-1 when nothing answered) and the body. */
    record Response(int code, String body) {
    }

    private ConsoleHttp() {
    }

    static Response get(int port, String path, String credentials) {
        return request("GET", port, path, credentials, null);
    }

    static Response post(int port, String path, String credentials, String form) {
        return request("POST", port, path, credentials, form);
    }

    private static Response request(String method, int port, String path, String credentials, String form) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            c.setRequestMethod(method);
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout(2000);
            c.setReadTimeout(10000);
            if (credentials != null) {
                c.setRequestProperty("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            }
            if (form != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                c.getOutputStream().write(form.getBytes(StandardCharsets.UTF_8));
            }
            int code = c.getResponseCode();
            InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream();
            return new Response(code, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }
}
