package io.holdfast.demo;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the jars the demo runs, and programs on the PATH. */
final class Jars {

    private Jars() {
    }

    /**
     * The jar given with an option, or the reactor's (this jar is {@code tools/io.holdfast.demo/target/...}), or one
     * next to this jar.
     *
     * @throws DemoException
     *             if there is none
     */
    static Path find(Path given, String reactorDir, String name) {
        if (given != null) {
            if (!Files.isRegularFile(given)) {
                throw new DemoException(given + " is not a file");
            }
            return given.toAbsolutePath();
        }
        Path here = self();
        if (here != null) {
            Path dir = here.getParent();
            Path root = dir.getParent() == null || dir.getParent().getParent() == null ? null
                    : dir.getParent().getParent().getParent();
            for (Path p : new Path[] { root == null ? null : root.resolve(reactorDir).resolve(name),
                    dir.resolve(name) }) {
                if (p != null && Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        throw new DemoException("no " + name + " in the reactor or next to this jar: build it (mvn -B -q -DskipTests "
                + "package) or give it with --" + (name.contains("backend") ? "backend" : "gateway") + "-jar");
    }

    private static Path self() {
        try {
            Path p = Path.of(Jars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toAbsolutePath().normalize();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The program on the PATH, or {@code null}. */
    static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
