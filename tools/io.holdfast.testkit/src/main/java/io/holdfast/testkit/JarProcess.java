package io.holdfast.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An executable jar run as a process, as an operator starts it ({@code java -Xmx... -jar JAR args}): the gateway's
 * {@code holdfast-gateway.jar}, the backend's {@code holdfast-backend.jar}. Its standard output and error go to one
 * file ({@code
 *
<dir>
 * /<name>.out}); its {@code java.io.tmpdir} is {@code
 *
<dir>
 * /tmp} (where sqlite-jdbc unpacks its native library), never the system's. {@link #close()} stops it as SIGTERM does
 * and waits for it.
 */
public final class JarProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path output;

    private JarProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /**
     * The jar a system property names, which must exist (the failsafe configuration of the module sets it).
     *
     * @param property
     *            the system property
     * @param fallback
     *            the jar when the property is not set (relative to the module)
     *
     * @return the jar, absolute
     *
     * @throws IllegalStateException
     *             when the jar is not built
     */
    public static Path jar(String property, Path fallback) {
        Path jar = Path.of(System.getProperty(property, fallback.toString())).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(property + ": " + jar + " is not built");
        }
        return jar;
    }

    /**
     * Starts {@code java -Xmx<heap> -Djava.io.tmpdir=
     *
    <dir>
     * /tmp -jar <jar> <args>}.
     *
     * @param name
     *            the process's name in messages and of its output file
     * @param jar
     *            the executable jar
     * @param dir
     *            where its output file and temporary directory go (created)
     * @param heap
     *            the maximum heap, e.g. {@code 384m}
     * @param args
     *            its command line
     *
     * @return the running process
     */
    public static JarProcess start(String name, Path jar, Path dir, String heap, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Djava.io.tmpdir=" + dir.resolve("tmp"), "-jar", jar.toString()));
        cmd.addAll(args);
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Path output = dir.resolve(name + ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            return new JarProcess(name, p, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the process */
    public Process process() {
        return process;
    }

    /** @return the file its output goes to */
    public Path outputFile() {
        return output;
    }

    /** @return everything it printed so far */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks that it still runs.
     *
     * @throws IllegalStateException
     *             with its exit status and output when it ended
     */
    public void alive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited " + process.exitValue() + ":\n" + output());
        }
    }

    /**
     * Waits until its output contains a text, failing at once if it ends.
     *
     * @param text
     *            the text
     * @param atMost
     *            how long to wait
     *
     * @return this
     */
    public JarProcess awaitOutput(String text, Duration atMost) {
        await().atMost(atMost).until(() -> {
            alive();
            return output().contains(text);
        });
        return this;
    }

    /**
     * Waits for it to end by itself.
     *
     * @param atMost
     *            how long to wait
     *
     * @return its exit status
     *
     * @throws IllegalStateException
     *             when it still runs after that
     */
    public int waitForExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still runs:\n" + output());
        }
        return process.exitValue();
    }

    /** Stops it (SIGTERM: it stops its bundles in order) and waits up to 60 s, then kills it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
