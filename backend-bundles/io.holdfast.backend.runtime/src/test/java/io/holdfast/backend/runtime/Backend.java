package io.holdfast.backend.runtime;

import io.holdfast.testkit.JarProcess;
import io.holdfast.testkit.TestDirs;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar target/holdfast-backend.jar --data DIR ...}, as an operator starts it, by the test kit's
 * {@link JarProcess}; its output goes to {@code target/runs/<id>/backend.out}.
 */
final class Backend implements AutoCloseable {

    static final Path JAR = TestDirs.target().resolve("holdfast-backend.jar");
    final JarProcess proc;
    final Process process;

    Backend(Path data, String... args) {
        List<String> cmd = new ArrayList<>(List.of("--data", data.toString()));
        cmd.addAll(List.of(args));
        proc = JarProcess.start("backend", JAR, TestDirs.target().resolve("runs").resolve(UUID.randomUUID().toString()),
                "512m", cmd);
        process = proc.process();
    }

    String output() {
        return proc.output();
    }

    Backend awaitStarted() {
        proc.awaitOutput("holdfast-backend: started in", Duration.ofSeconds(120));
        return this;
    }

    /** The admin token the first start printed (once the API is up, which may be just after "started"). */
    String adminToken() {
        proc.awaitOutput("holdfast-backend: hf_", Duration.ofSeconds(60));
        Matcher m = Pattern.compile("holdfast-backend: (hf_[0-9a-f]{12}_[A-Za-z0-9_-]+)").matcher(output());
        if (!m.find()) {
            throw new IllegalStateException("no admin token printed:\n" + output());
        }
        return m.group(1);
    }

    int waitForExit() throws InterruptedException {
        return proc.waitForExit(Duration.ofSeconds(60));
    }

    static Path newDataDir() {
        return TestDirs.target().resolve("data").resolve(Long.toString(System.nanoTime()));
    }

    @Override
    public void close() {
        proc.close();
    }

    static File jar() {
        return JAR.toFile();
    }
}
