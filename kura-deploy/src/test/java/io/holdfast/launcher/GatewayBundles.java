package io.holdfast.launcher;

import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.Manifests;
import io.holdfast.testkit.Runtimes;
import java.io.File;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ops4j.pax.exam.Option;

/**
 * The gateway runtime that this module built ({@code target/classes/io/holdfast/launcher/runtime/jar}), and within it
 * the gateway bundles: everything that is not part of the service set every runtime shares.
 */
final class GatewayBundles {

    private GatewayBundles() {
    }

    static List<File> all() {
        File dir = new File(System.getProperty("holdfast.build.directory", "target"),
                "classes/io/holdfast/launcher/runtime/jar");
        File[] jars = dir.listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("No runtime in " + dir + ": run the build to the package phase");
        }
        return Arrays.stream(jars).sorted(Comparator.comparing(File::getName)).collect(Collectors.toList());
    }

    /**
     * The first-start configurations: left out of in-container tests, which configure what they test themselves (the
     * launcher's test starts the whole runtime with them).
     */
    static final String FIRST_START = "io.holdfast.gateway.config";

    /** The gateway bundles: Holdfast's, and the libraries they need that the service set lacks. */
    static List<File> gatewayBundles() {
        Set<String> base = Set.copyOf(Runtimes.symbolicNames(Runtimes.GATEWAY_BASE));
        return all().stream().filter(f -> !base.contains(Manifests.symbolicName(f)))
                .filter(f -> !FIRST_START.equals(Manifests.symbolicName(f))).collect(Collectors.toList());
    }

    /** Holdfast's own bundles. */
    static List<File> holdfastBundles() {
        return all().stream().filter(f -> Manifests.symbolicName(f).startsWith("io.holdfast."))
                .collect(Collectors.toList());
    }

    /**
     * Bundles of the standalone runtime only: Kura has these parts itself (its API, its web UI, its configuration, its
     * deployment agent, its logging: slf4j 1.7 needs no provider fragment).
     */
    static final Set<String> STANDALONE_ONLY = Set.of("io.holdfast.console", "io.holdfast.configuration",
            "io.holdfast.deploy", FIRST_START, "io.holdfast.slf4j.provider");

    /** What the first-start configurations need: the OSGi Configurator and its libraries, standalone only too. */
    static final Set<String> STANDALONE_LIBRARIES = Set.of("org.apache.felix.configurator", "org.apache.felix.cm.json",
            "org.glassfish.jakarta.json", "org.osgi.util.converter");

    /** The gateway bundles that go into Kura (the compatibility bundle stands in for Kura's API here). */
    static List<File> kuraBundles() {
        return gatewayBundles().stream().filter(f -> !STANDALONE_ONLY.contains(Manifests.symbolicName(f)))
                .filter(f -> !STANDALONE_LIBRARIES.contains(Manifests.symbolicName(f))).collect(Collectors.toList());
    }

    static Option[] gatewayBundleOptions() {
        return gatewayBundles().stream().map(HoldfastOptions::bundleFile).toArray(Option[]::new);
    }

    static Option[] kuraBundleOptions() {
        return kuraBundles().stream().map(HoldfastOptions::bundleFile).toArray(Option[]::new);
    }
}
