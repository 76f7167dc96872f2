package io.holdfast.demo;

import io.holdfast.launcher.common.Cli;
import io.holdfast.launcher.common.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code java -jar holdfast-demo.jar}: starts the backend, the gateway connected to its broker and the simulated site,
 * prints the URLs and the first start's credentials, and stops everything in order (site, gateway, backend) on Ctrl-C
 * or SIGTERM. A wrong command line is one line and exit code 2, a port in use exit code 4, a child that fails exit 1.
 */
public final class Main {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_PORT_IN_USE = 4;
    static final Duration START = Duration.ofMinutes(4);
    private static final Pattern TOKEN = Pattern.compile("holdfast-backend: (hf_[0-9a-f]{12}_[A-Za-z0-9_-]+)");

    private final PrintStream out;
    private final PrintStream err;
    private final long startNanos = System.nanoTime();
    private final List<Child> children = new ArrayList<>(); // in start order; stopped in reverse
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ColdChainSite site;
    private volatile DemoState demoState;
    private volatile boolean stopping;
    private volatile boolean signalled;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the demo.
     *
     * @param args
     *            {@code --help} says
     */
    public static void main(String[] args) {
        Main main = new Main(System.out, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            main.signalled = true;
            main.stopAll();
        }, "demo-stop"));
        int code = main.run(args);
        if (!main.signalled) {
            System.exit(code); // not during the JVM's shutdown (Ctrl-C, SIGTERM): that would wait for ever
        }
    }

    int run(String[] args) {
        Options o;
        try {
            o = Cli.parse(new Options(), Arrays.asList(args));
        } catch (UsageException e) {
            return fail(EXIT_USAGE, e.getMessage() + " (see --help)");
        }
        if (o.help) {
            out.print(Cli.usage(new Options()));
            return 0;
        }
        if (o.rate <= 0 || o.rate > 16) {
            return fail(EXIT_USAGE, "--rate must be more than 0 and at most 16, was " + o.rate + " (see --help)");
        }
        try {
            return demo(o);
        } catch (PortInUse e) {
            return fail(EXIT_PORT_IN_USE, e.getMessage());
        } catch (DemoException e) {
            stopAll();
            return fail(EXIT_FAILED, e.getMessage());
        } catch (IOException e) {
            stopAll();
            return fail(EXIT_FAILED, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAll();
            return stopping ? 0 : EXIT_FAILED;
        }
    }

    private int demo(Options o) throws IOException, InterruptedException {
        Path data = o.data.toAbsolutePath().normalize();
        DemoState state = DemoState.load(data);
        int mqtt = state.port("mqtt-port", o.mqttPort, Options.DEFAULT_MQTT_PORT);
        int tcp = state.port("tcp-port", o.tcpPort, Options.DEFAULT_TCP_PORT);
        Path backendJar = Jars.find(o.backendJar, "backend-bundles/io.holdfast.backend.runtime/target",
                "holdfast-backend.jar");
        Path gatewayJar = Jars.find(o.gatewayJar, "kura-deploy/target", "holdfast-gateway.jar");
        checkFree(o.host, o.apiPort, "--api-port");
        checkFree(o.host, o.consolePort, "--console-port");
        checkFree(o.host, mqtt, "--mqtt-port");
        checkFree(o.host, tcp, "--tcp-port");
        Files.createDirectories(data);
        boolean firstRun = state.firstRun();
        say(firstRun ? "first run: data in " + data : "reusing the data in " + data);

        String api = "http://" + o.host + ":" + o.apiPort + "/api/v1";
        say("starting the backend (SQLite, embedded MQTT broker on port " + mqtt + ") ...");
        Child backend = start("backend",
                Child.java(backendJar, "384m", List.of("--data", data.resolve("backend").toString(), "--port",
                        Integer.toString(o.apiPort), "--host", o.host, "--mqtt-port", Integer.toString(mqtt))),
                data);
        backend.awaitLine(l -> l.contains("holdfast-backend: started in"), START);
        // its ingest subscribes after the store is open, which is when a first start prints the admin token
        backend.awaitLine(l -> l.contains("backend ingest: connected to"), START);
        awaitListening(o.host, mqtt, backend);
        String token = backend.find(TOKEN);
        say("backend ready after " + elapsed() + " (pid " + backend.pid() + "): API " + api);

        Path tty = null;
        if (o.noSerial) {
            say("serial device: off (--no-serial)");
        } else if (Jars.onPath("socat") == null) {
            say("serial device: skipped, socat is not installed (Debian: apt install socat)");
        } else {
            tty = startPty(data);
        }

        String console = "http://" + o.host + ":" + o.consolePort + "/system/console";
        String broker = "tcp://127.0.0.1:" + mqtt;
        GatewayConsole.Password password = GatewayConsole.password(data);
        say("starting the gateway (cloud connection and seed MQTT link to " + broker + ", TCP link on port " + tcp
                + ") ...");
        Child gateway = start("gateway",
                Child.java(gatewayJar, "256m",
                        List.of("--data", data.resolve("gateway").toString(), "--port", Integer.toString(o.consolePort),
                                "--host", o.host, "--no-shell", "--console-password-file", password.file().toString(),
                                "--broker", broker, "--tcp-port", Integer.toString(tcp))),
                data);
        gateway.awaitLine(l -> l.contains("holdfast: gateway started in"), START);
        say("gateway ready after " + elapsed() + " (pid " + gateway.pid() + "): web console " + console);
        if (tty != null) {
            // every run: a first run without socat, a deleted configuration or a moved data directory are mended
            try {
                say("web console: "
                        + new GatewayConsole(console, password.value()).ensureSerialLink(data.resolve("pty/gateway")));
            } catch (DemoException e) {
                if (!gateway.alive()) {
                    throw e;
                }
                say("serial device: skipped: " + e.getMessage());
                tty = null;
            }
        }
        if (firstRun) {
            state.save(mqtt, tcp);
        }
        awaitListening(o.host, tcp, gateway);
        if (token != null) {
            createFridgeRule(api, token);
        }

        ColdChainSite s = new ColdChainSite(o.host, tcp, tty, broker, o.rate, state::nextSeq);
        say(s.continued() > 0 ? "site: " + s.continued() + " devices and nodes continue their seq from the last run"
                : "site: seqs start from the clock ("
                        + (firstRun ? "first run" : "the last run did not stop cleanly, or its devices are new") + ")");
        state.saveSeqs(s.nextSeqs(), false);
        demoState = state;
        site = s;
        s.start();
        say("site started: " + s.shape() + "; fridge " + ColdChainSite.FRIDGE + " drifts above 8 °C in about 30 s");
        printCredentials(o, data, token, password);
        say("ready after " + elapsed() + "; Ctrl-C stops everything");
        while (!stopped.await(10, TimeUnit.SECONDS)) {
            for (Child c : children) {
                if (!c.alive() && !stopping) {
                    throw new DemoException("the " + c.name() + " exited: " + c.tail() + " (its output: "
                            + data.resolve("logs/" + c.name() + ".log") + ")");
                }
            }
            say(site.summary());
        }
        return 0;
    }

    private Child start(String name, List<String> command, Path data) throws IOException {
        synchronized (children) {
            if (stopping) {
                throw new DemoException("stopping");
            }
            Child c = Child.start(name, command, data.resolve("logs/" + name + ".log"));
            children.add(c);
            return c;
        }
    }

    /** A socat pty pair: the gateway's SerialLink opens DIR/pty/gateway, the simulated device DIR/pty/device. */
    private Path startPty(Path data) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(data.resolve("pty"));
        Path gw = dir.resolve("gateway");
        Path dev = dir.resolve("device");
        Files.deleteIfExists(gw);
        Files.deleteIfExists(dev);
        Child socat = start("socat", List.of(Jars.onPath("socat").toString(), "-d", "-d", "pty,raw,echo=0,link=" + gw,
                "pty,raw,echo=0,link=" + dev), data);
        socat.awaitLine(l -> l.contains("starting data transfer loop"), Duration.ofSeconds(20));
        say("serial device: socat pty pair " + gw + " <-> " + dev + " (pid " + socat.pid() + ")");
        return dev;
    }

    private void createFridgeRule(String api, String token) throws IOException, InterruptedException {
        String rule = String.format(Locale.ROOT,
                "{\"device\":\"%s\",\"metric\":\"temperature\",\"kind\":\"ABOVE\","
                        + "\"threshold\":8.0,\"hysteresis\":0.5,\"durationSeconds\":10,\"enabled\":true}",
                ColdChainSite.FRIDGE);
        String[] r = Http.api(api, token, "POST", "/alarm-rules", rule);
        if (!r[0].startsWith("2")) {
            throw new DemoException("the backend refused the fridge's alarm rule: " + r[0] + " " + r[1]);
        }
        say("alarm rule: fridge " + ColdChainSite.FRIDGE + " temperature above 8 °C for 10 s");
    }

    private void printCredentials(Options o, Path data, String token, GatewayConsole.Password password) {
        String dashboard = "http://" + o.host + ":" + o.apiPort + "/dashboard";
        String console = "http://" + o.host + ":" + o.consolePort + "/system/console";
        say("dashboard:   " + dashboard);
        if (token != null) {
            say("             admin token " + token + " (shown once: keep it; make other tokens on the dashboard or "
                    + "with POST /api/v1/tokens, and revoke this one there)");
        } else {
            say("             admin token: the one the first run printed (a new one needs a new data directory: "
                    + "delete " + data.resolve("backend") + ")");
        }
        say("web console: " + console);
        if (password.made()) {
            say("             user admin, password " + password.value() + " (kept in " + password.file()
                    + ", readable by you only; the demo gives it to the gateway at every start)");
        } else {
            say("             user admin, the password in " + password.file() + " (to change it, stop the demo, "
                    + "write another of at least 8 characters there and start it again)");
        }
    }

    /** Stops the site, then the gateway, then the backend (reverse start order); once. */
    void stopAll() {
        synchronized (children) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        ColdChainSite s = site;
        if (s != null) {
            say("stopping the site: no new readings; waiting for the gateway to acknowledge what the devices and "
                    + "nodes keep ...");
            s.pause();
            boolean gatewayUp = children.stream().anyMatch(c -> c.name().equals("gateway") && c.alive());
            try {
                boolean drained = gatewayUp && s.drain(ColdChainSite.DRAIN_MS);
                say(drained ? "site: every reading acknowledged"
                        : "site: readings left unacknowledged (the devices would re-send them)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (String line : s.report()) {
                say("site: " + line);
            }
            s.close();
            try {
                demoState.saveSeqs(s.nextSeqs(), true); // the next run continues each seq, as flash keeps it
            } catch (IOException e) {
                say("site: cannot keep the seqs in " + DemoState.FILE + " (" + e + "): the next run starts them from "
                        + "the clock");
            }
        }
        for (int i = children.size() - 1; i >= 0; i--) {
            Child c = children.get(i);
            if (c.alive()) {
                say("stopping the " + c.name() + " (pid " + c.pid() + ") ...");
            }
            c.close();
        }
        say("stopped");
        stopped.countDown();
    }

    private static void checkFree(String host, int port, String option) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new PortInUse("port " + port + " on " + host + " is already in use; stop what uses it or choose "
                    + "another with " + option);
        }
    }

    private static void awaitListening(String host, int port, Child owner) throws InterruptedException {
        long end = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket(host, port)) {
                return;
            } catch (IOException e) {
                if (!owner.alive()) {
                    throw new DemoException("the " + owner.name() + " exited: " + owner.tail());
                }
                TimeUnit.MILLISECONDS.sleep(200); // polling a port that is not open yet
            }
        }
        throw new DemoException("nothing listens on port " + port + " after " + START.toSeconds() + " s");
    }

    private String elapsed() {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private void say(String line) {
        out.println("holdfast-demo: " + line);
        out.flush();
    }

    private int fail(int code, String line) {
        err.println("holdfast-demo: " + line);
        err.flush();
        return code;
    }

    /** A port another program holds. */
    static final class PortInUse extends IOException {
        private static final long serialVersionUID = 1L;

        PortInUse(String message) {
            super(message);
        }
    }
}
