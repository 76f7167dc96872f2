package io.holdfast.testkit;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where tests keep their files: the module's {@code target/} folder, never the system temporary directory.
 */
public final class TestDirs {

    /** System property naming the build directory; the root pom sets it for surefire and failsafe. */
    public static final String BUILD_DIRECTORY = "holdfast.build.directory";

    private TestDirs() {
    }

    /**
     * The module's build directory.
     *
     * @return {@code target/} of the module under test, absolute
     */
    public static Path target() {
        String dir = System.getProperty(BUILD_DIRECTORY);
        return (dir == null ? Paths.get("target") : Paths.get(dir)).toAbsolutePath();
    }
}
