package io.holdfast.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Talks to the web console as a browser does: basic authentication, no redirects followed; over HTTPS when given the
 * TLS to trust the gateway with (the host name is checked against its certificate). Any I/O failure is a response with
 * code -1, so that tests can wait for the console with a plain condition.
 */
final class ConsoleHttp {

    /** A response: the status code (-1 when nothing answered) and the body. */
    record Response(int code, String body) {
    }

    private ConsoleHttp() {
    }

    static Response get(int port, String path, String credentials) {
        return request(null, "GET", port, path, credentials, null);
    }

    static Response post(int port, String path, String credentials, String form) {
        return request(null, "POST", port, path, credentials, form);
    }

    static Response get(SSLContext tls, int port, String path, String credentials) {
        return request(tls, "GET", port, path, credentials, null);
    }

    static Response post(SSLContext tls, int port, String path, String credentials, String form) {
        return request(tls, "POST", port, path, credentials, form);
    }

    /** TLS that trusts exactly the certificate the gateway made for {@code --https} in its data directory. */
    static SSLContext trusting(Path data) throws Exception {
        KeyStore made = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(data.resolve("etc/https.p12"))) {
            made.load(in, Files.readString(data.resolve("etc/https.password")).strip().toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("console", made.getCertificate(made.aliases().nextElement()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static Response request(SSLContext tls, String method, int port, String path, String credentials,
            String form) {
        HttpURLConnection c = null;
        try {
            String base = tls == null ? "http://127.0.0.1:" : "https://localhost:";
            c = (HttpURLConnection) URI.create(base + port + path).toURL().openConnection();
            if (tls != null) {
                ((HttpsURLConnection) c).setSSLSocketFactory(tls.getSocketFactory());
            }
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
