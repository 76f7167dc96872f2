package io.holdfast.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Serves the files of one folder over HTTP, as an operator's package server does. */
public final class FileServer implements AutoCloseable {
    private final HttpServer server;

    /**
     * Serves a folder on a free port of 127.0.0.1.
     *
     * @param dir
     *            the folder
     *
     * @throws IOException
     *             if the server cannot listen
     */
    public FileServer(Path dir) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path f = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!f.startsWith(dir) || !Files.isRegularFile(f)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] bytes = Files.readAllBytes(f);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** @return {@code http://127.0.0.1:port/}, the URL prefix of the files */
    public String prefix() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
