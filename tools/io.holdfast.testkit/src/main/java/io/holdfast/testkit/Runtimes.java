package io.holdfast.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The runtime definitions of {@code cnf/}, as resolved by bnd when this test kit was built: each is a list of bundle
 * files, extracted once per test JVM under {@code target/holdfast-runtimes/}.
 */
public final class Runtimes {

    /** The gateway runtime's OSGi service set on Felix, without Holdfast's bundles. */
    public static final String GATEWAY_BASE = "gateway-base";
    /** What Kura 5.x gives a bundle, on Equinox (without the framework, which the test class path provides). */
    public static final String KURA_R7 = "kura-r7";

    private static final String ROOT = "io/holdfast/testkit/runtimes/";
    private static final ConcurrentMap<String, List<File>> EXTRACTED = new ConcurrentHashMap<>();

    private Runtimes() {
    }

    /**
     * The bundle files of a runtime.
     *
     * @param runtime
     *            {@link #GATEWAY_BASE} or {@link #KURA_R7}
     *
     * @return the files, in a stable order
     *
     * @throws IllegalArgumentException
     *             if the runtime is unknown
     */
    public static List<File> bundles(String runtime) {
        return EXTRACTED.computeIfAbsent(runtime, Runtimes::extract);
    }

    /**
     * The symbolic names of the bundles of a runtime, read from their manifests.
     *
     * @param runtime
     *            {@link #GATEWAY_BASE} or {@link #KURA_R7}
     *
     * @return the symbolic names
     */
    public static List<String> symbolicNames(String runtime) {
        List<String> names = new ArrayList<>();
        for (File f : bundles(runtime)) {
            names.add(Manifests.symbolicName(f));
        }
        return names;
    }

    private static List<File> extract(String runtime) {
        ClassLoader loader = Runtimes.class.getClassLoader();
        InputStream index = loader.getResourceAsStream(ROOT + runtime + ".index");
        if (index == null) {
            throw new IllegalArgumentException(
                    "No runtime '" + runtime + "' in the test kit (known: " + GATEWAY_BASE + ", " + KURA_R7 + ")");
        }
        Path dir = TestDirs.target().resolve("holdfast-runtimes").resolve(runtime);
        List<File> files = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8))) {
            Files.createDirectories(dir);
            String line;
            while ((line = r.readLine()) != null) {
                String name = line.trim();
                if (name.isEmpty()) {
                    continue;
                }
                Path file = dir.resolve(name);
                try (InputStream in = loader.getResourceAsStream(ROOT + runtime + "/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException(
                                "The test kit's index of " + runtime + " names " + name + " but does not contain it");
                    }
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                files.add(file.toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract runtime " + runtime + " to " + dir, e);
        }
        return List.copyOf(files);
    }
}
