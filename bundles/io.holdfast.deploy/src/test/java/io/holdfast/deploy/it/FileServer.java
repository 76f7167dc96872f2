package io.holdfast.deploy.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * An HTTP server for the test packages: {@code /ok/<file>} serves a file (with Range requests), {@code /cut/<file>}
 * sends the first half of the file and drops the connection the first time (then as {@code /ok/}), {@code /hold/<file>}
 * sends half and then waits until {@link #release()}.
 */
final class FileServer implements AutoCloseable {
    private final HttpServer server;
    private final Path dir;
    private final CountDownLatch hold = new CountDownLatch(1);
    private final List<String> cutOnce = new CopyOnWriteArrayList<>();
    /** Every request: "path range" (range "-" if none). */
    final List<String> requests = new CopyOnWriteArrayList<>();

    FileServer(Path dir) throws IOException {
        this.dir = dir;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String url(String mode, String file) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + mode + "/" + file;
    }

    String prefix(String mode) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + mode + "/";
    }

    void release() {
        hold.countDown();
    }

    private void handle(HttpExchange x) throws IOException {
        String[] parts = x.getRequestURI().getPath().split("/", 3);
        String range = x.getRequestHeaders().getFirst("Range");
        requests.add(x.getRequestURI().getPath() + " " + (range == null ? "-" : range));
        Path f = parts.length == 3 ? dir.resolve(parts[2]) : null;
        if (f == null || !Files.isRegularFile(f)) {
            x.sendResponseHeaders(404, -1);
            x.close();
            return;
        }
        byte[] all = Files.readAllBytes(f);
        String mode = parts[1];
        boolean first = !cutOnce.contains(parts[2]);
        if (mode.equals("cut") && first) {
            cutOnce.add(parts[2]);
            x.sendResponseHeaders(200, all.length);
            OutputStream out = x.getResponseBody();
            out.write(all, 0, all.length / 2);
            out.flush();
            // closing with bytes missing drops the connection in the middle of the body
            try {
                x.close();
            } catch (RuntimeException e) {
                // "insufficient bytes written": what the test wants
            }
            return;
        }
        if (mode.equals("hold")) {
            x.sendResponseHeaders(200, all.length);
            OutputStream out = x.getResponseBody();
            out.write(all, 0, all.length / 2);
            out.flush();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close();
            return;
        }
        int from = 0;
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            x.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (all.length - 1) + "/" + all.length);
            x.sendResponseHeaders(206, all.length - from);
        } else {
            x.sendResponseHeaders(200, all.length);
        }
        try (OutputStream out = x.getResponseBody()) {
            out.write(all, from, all.length - from);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
