package io.holdfast.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The TCP path between the gateway and the broker, owned by the suite: plain sockets, two threads per connection. It
 * can {@link #cut(long) cut} it (close every connection at once, as a cable pulled out, and refuse new ones for a
 * while: the listening socket is closed, so a connect gets a reset) and {@link #stall(long) stall} it (connections stay
 * open, no byte goes through in either direction, as a link that went silent without telling anyone; connections made
 * meanwhile are stalled too).
 */
final class Proxy implements AutoCloseable {

    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    /** Accept times (ns, nanoTime) of every connection from the gateway. */
    private final List<Long> accepts = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile long stalledUntil;
    private volatile boolean closed;
    private ServerSocket server;
    private Thread acceptor;

    Proxy(int port, String targetHost, int targetPort) {
        this.port = port;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Listens on 127.0.0.1:port. */
    synchronized Proxy start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        ServerSocket s = server;
        acceptor = new Thread(() -> accept(s), "faults-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    /** @return the URL the gateway is given, {@code tcp://127.0.0.1:port} */
    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** @return connections accepted so far */
    int accepted() {
        return accepts.size();
    }

    /** @return the accept time (nanoTime) of the first connection accepted at or after {@code since}, or -1 */
    long firstAcceptSince(long since) {
        for (long t : accepts) {
            if (t - since >= 0) {
                return t;
            }
        }
        return -1;
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            Socket from;
            try {
                from = s.accept();
            } catch (IOException e) {
                return; // closed by cut() or close()
            }
            accepts.add(System.nanoTime());
            try {
                Socket to = new Socket(targetHost, targetPort);
                from.setTcpNoDelay(true);
                to.setTcpNoDelay(true);
                Link l = new Link(from, to);
                links.add(l);
                l.start();
            } catch (IOException e) {
                close(from); // the broker is down: the gateway sees its connection closed, as it would
            }
        }
    }

    /**
     * Closes every connection now and refuses new ones for {@code ms}, then listens again on the same port.
     *
     * @param ms
     *            how long connections are refused
     */
    void cut(long ms) throws IOException, InterruptedException {
        synchronized (this) {
            server.close();
            acceptor.join(5_000);
        }
        for (Link l : links) {
            l.close();
        }
        links.clear();
        TimeUnit.MILLISECONDS.sleep(ms); // the cut lasts this long: nothing to wait for
        if (!closed) {
            start();
        }
    }

    /**
     * Forwards no byte for {@code ms}: every connection, and the ones made meanwhile, stay open and silent; returns
     * when the stall ends.
     *
     * @param ms
     *            how long
     */
    void stall(long ms) throws InterruptedException {
        stalledUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        TimeUnit.MILLISECONDS.sleep(ms); // the stall lasts this long: nothing to wait for
        synchronized (gate) {
            stalledUntil = 0;
            gate.notifyAll();
        }
    }

    /** Waits while the path is stalled. */
    private void passGate() throws InterruptedException {
        synchronized (gate) {
            while (!closed) {
                long left = stalledUntil - System.nanoTime();
                if (stalledUntil == 0 || left <= 0) {
                    return;
                }
                gate.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (gate) {
            gate.notifyAll();
        }
        try {
            synchronized (this) {
                if (server != null) {
                    server.close();
                }
            }
        } catch (IOException e) {
            // closing anyway
        }
        for (Link l : new ArrayList<>(links)) {
            l.close();
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** One gateway connection and its broker connection, a pump thread each way. */
    private final class Link {
        private final Socket from;
        private final Socket to;

        Link(Socket from, Socket to) {
            this.from = from;
            this.to = to;
        }

        void start() {
            pump(from, to, "up");
            pump(to, from, "down");
        }

        private void pump(Socket in, Socket out, String way) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16 * 1024];
                try (InputStream i = in.getInputStream(); OutputStream o = out.getOutputStream()) {
                    while (true) {
                        passGate(); // while stalled nothing is read: the sender's socket buffers fill up
                        int n = i.read(buf);
                        if (n < 0) {
                            break;
                        }
                        passGate(); // read just before the stall: held until it ends
                        o.write(buf, 0, n);
                        o.flush();
                    }
                } catch (IOException e) {
                    // the other side closed, or cut() did
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    close();
                }
            }, "faults-proxy-" + way);
            t.setDaemon(true);
            t.start();
        }

        void close() {
            links.remove(this);
            Proxy.close(from);
            Proxy.close(to);
        }
    }
}
