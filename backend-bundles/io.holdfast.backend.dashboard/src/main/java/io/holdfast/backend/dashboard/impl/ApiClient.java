package io.holdfast.backend.dashboard.impl;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The backend's own REST API, called over the loopback connection with the logged-in operator's token: the page's data
 * requests are forwarded to {@code /api/v1} unchanged, so that the API's roles, validation and audit apply to them as
 * to any other client; the token never reaches the browser.
 */
final class ApiClient {

    /** A response read whole. */
    record Answer(int status, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    static String base(HttpServletRequest req) {
        String addr = req.getLocalAddr();
        if (addr == null || addr.isEmpty() || addr.equals("0.0.0.0") || addr.equals("::")
                || addr.equals("0:0:0:0:0:0:0:0")) {
            addr = "127.0.0.1";
        }
        if (addr.contains(":")) {
            addr = "[" + addr + "]";
        }
        return "http://" + addr + ":" + req.getLocalPort() + "/api/v1";
    }

    Answer get(String base, String token, String pathAndQuery) throws IOException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(resp.statusCode(), resp.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Forwards one request (method, path below /api/v1, query, JSON body) and streams the answer back. */
    void forward(String base, String token, String path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        String query = req.getQueryString() == null ? "" : "?" + req.getQueryString();
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (!req.getMethod().equals("GET") && !req.getMethod().equals("DELETE")) {
            try (InputStream in = req.getInputStream()) {
                byte[] b = in.readNBytes(64 * 1024 + 1);
                body = HttpRequest.BodyPublishers.ofByteArray(b);
            }
        }
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path + query)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(req.getMethod(), body).build();
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(r, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        resp.setStatus(answer.statusCode());
        answer.headers().firstValue("Content-Type").ifPresent(resp::setContentType);
        answer.headers().firstValue("Content-Disposition").ifPresent(v -> resp.setHeader("Content-Disposition", v));
        try (InputStream in = answer.body(); OutputStream out = resp.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
