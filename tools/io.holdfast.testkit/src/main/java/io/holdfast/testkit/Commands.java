package io.holdfast.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * External commands a test runs (protoc, openssl, mosquitto_passwd, mosquitto_pub), their output merged into one
 * string.
 */
public final class Commands {

    private Commands() {
    }

    /**
     * Runs a command and returns its output, failing the test on a non-zero exit.
     *
     * @param command
     *            the command and its arguments
     * @param stdin
     *            a file for its standard input, or null for none
     *
     * @return its standard output and error
     *
     * @throws IOException
     *             if the command cannot be run
     * @throws InterruptedException
     *             if interrupted while it runs
     */
    public static String run(List<String> command, Path stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
