package io.holdfast.backend.runtime;

import static org.awaitility.Awaitility.await;

import io.holdfast.testkit.TestDirs;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code java -jar target/holdfast-backend.jar ...}, as an operator starts it; output goes to a file. */
final class Backend implements AutoCloseable {

    static final Path JAR = TestDirs.target().resolve("holdfast-backend.jar");
    final Process process;
    final Path output;

    Backend(Path data, String... args) {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx512m",
                "-Djava.io.tmpdir=" + TestDirs.target().resolve("tmp"), "-jar", JAR.toString(), "--data",
                data.toString()));
        cmd.addAll(List.of(args));
        try {
            Files.createDirectories(TestDirs.target().resolve("tmp"));
            output = Files.createTempFile(TestDirs.target(), "backend", ".out");
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Backend awaitStarted() {
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the backend exited " + process.exitValue() + ":\n" + output());
            }
            return output().contains("holdfast-backend: started in");
        });
        return this;
    }

    /** The admin token the first start printed (once the API is up, which may be just after "started"). */
    String adminToken() {
        await().atMost(Duration.ofSeconds(60)).until(() -> output().contains("holdfast-backend: hf_"));
        Matcher m = Pattern.compile("holdfast-backend: (hf_[0-9a-f]{12}_[A-Za-z0-9_-]+)").matcher(output());
        if (!m.find()) {
            throw new IllegalStateException("no admin token printed:\n" + output());
        }
        return m.group(1);
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("still running:\n" + output());
        }
        return process.exitValue();
    }

    static Path newDataDir() {
        return TestDirs.target().resolve("data").resolve(Long.toString(System.nanoTime()));
    }

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

    static File jar() {
        return JAR.toFile();
    }
}
