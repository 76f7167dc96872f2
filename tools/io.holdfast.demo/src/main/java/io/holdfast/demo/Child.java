package io.holdfast.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One child process of the demo ({@code java -jar ...} or {@code socat}): its output (stdout and stderr) goes to a log
 * file and is kept in memory so that the demo can wait for a line and read what it printed. It runs in a session of its
 * own ({@code setsid}, when there is one) so that a Ctrl-C on the terminal reaches the demo only, which then stops the
 * children in order.
 */
final class Child implements AutoCloseable {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private Child(String name, Process process, Path log) throws IOException {
        this.name = name;
        this.process = process;
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        this.reader = new Thread(() -> copy(out), "demo-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a child.
     *
     * @param name
     *            what the progress lines call it
     * @param command
     *            the command line
     * @param log
     *            where its output goes
     *
     * @return the running child
     *
     * @throws IOException
     *             if it cannot be started
     */
    static Child start(String name, List<String> command, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString());
        }
        cmd.addAll(command);
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new Child(name, p, log);
    }

    /** {@code java -jar JAR ARGS} with the java that runs the demo. */
    static List<String> java(Path jar, String heap, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", jar.toString()));
        cmd.addAll(args);
        return cmd;
    }

    private void copy(Writer out) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); out) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended and its pipe was closed under the reader (destroy() does that): its output is complete
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits for a line of output that matches.
     *
     * @param test
     *            what the line must satisfy
     * @param atMost
     *            how long to wait
     *
     * @return the line
     *
     * @throws DemoException
     *             if the child exits first or the time is up
     * @throws InterruptedException
     *             if interrupted
     */
    String awaitLine(Predicate<String> test, Duration atMost) throws InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (test.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = end - System.nanoTime();
                if (!reader.isAlive() && seen == lines.size()) {
                    throw new DemoException("the " + name + " exited (code " + exitCode() + "): " + tail());
                }
                if (left <= 0) {
                    throw new DemoException(
                            "the " + name + " is not ready after " + atMost.toSeconds() + " s: " + tail());
                }
                lines.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 500));
            }
        }
    }

    /** The first group of the first line that matches, or {@code null}. */
    String find(Pattern pattern) {
        synchronized (lines) {
            for (String l : lines) {
                Matcher m = pattern.matcher(l);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The last line it printed, for an error message. */
    String tail() {
        synchronized (lines) {
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        }
    }

    /** SIGTERM, then waits; SIGKILL after {@code grace}. */
    void stop(Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close its output under the reader
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.toHandle().destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(2_000);
    }

    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
