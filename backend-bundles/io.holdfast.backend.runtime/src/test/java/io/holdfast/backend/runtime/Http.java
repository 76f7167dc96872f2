package io.holdfast.backend.runtime;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The REST API of a backend on {@code port}, for the end-to-end tests. */
final class Http {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final int port;
    private final String token;

    Http(int port, String token) {
        this.port = port;
        this.token = token;
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonObject json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** How many readings of a device are stored, 0 for a device not seen yet. */
    long readings(String device) throws Exception {
        HttpResponse<String> r = get("/devices/" + device);
        return r.statusCode() == 200 ? JsonParser.parseString(r.body()).getAsJsonObject().get("readings").getAsLong()
                : 0;
    }

    /** Every stored seq of a device's metric in [from, to) (ISO instants), from the CSV export, in stored order. */
    List<Long> seqs(String device, String metric, String from, String to) throws Exception {
        HttpResponse<String> r = get(
                "/devices/" + device + "/readings.csv?metric=" + metric + "&from=" + from + "&to=" + to);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        List<Long> out = new ArrayList<>();
        r.body().lines().skip(1).forEach(l -> out.add(Long.parseLong(l.split(",")[2])));
        return out;
    }
}
