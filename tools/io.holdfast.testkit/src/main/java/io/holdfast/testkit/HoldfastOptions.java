package io.holdfast.testkit;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options that boot a runtime definition from {@code cnf/} plus the bundles under test, offline, with every
 * file under {@code target/}.
 */
public final class HoldfastOptions {

    /** Framework property: the HTTP port of the runtime (a free port chosen per test class). */
    public static final String HTTP_PORT = "org.osgi.service.http.port";
    /** Framework property: Holdfast's data directory (a fresh one under {@code target/} per test class). */
    public static final String DATA_DIR = "holdfast.data.dir";
    /**
     * Framework property: the web console's password in this runtime (admin's; a random one per test class, as the
     * gateway's launcher makes one per data directory: no runtime listens with a known password).
     */
    public static final String CONSOLE_PASSWORD = "felix.webconsole.password";
    /** System property set by the root pom for failsafe: the jar the module under test built. */
    public static final String PROJECT_BUNDLE = "holdfast.project.bundle";

    /**
     * Started at level 1, before Pax Exam's own bundles (level 2) log a first line: the logging bundles (slf4j 2 finds
     * logback through the fragment io.holdfast.slf4j.provider, which is attached, not started). The launchers start the
     * same set first.
     */
    private static final Set<String> EARLY = Set.of("slf4j.api", "ch.qos.logback.classic", "ch.qos.logback.core",
            "org.apache.felix.log", "org.apache.felix.logback");

    private HoldfastOptions() {
    }

    /**
     * The gateway runtime's service set on Felix plus the given bundles.
     *
     * @param extra
     *            more options, typically {@link #bundleFile(File)}s of the bundles under test
     *
     * @return the options
     */
    public static Option gatewayRuntime(Option... extra) {
        return runtime(Runtimes.GATEWAY_BASE, extra);
    }

    /**
     * What Kura 5.x gives a bundle (run it with Equinox on the class path) plus the given bundles.
     *
     * @param extra
     *            more options
     *
     * @return the options
     */
    public static Option kuraR7Runtime(Option... extra) {
        return runtime(Runtimes.KURA_R7, extra);
    }

    /**
     * A runtime from the test kit plus the given options.
     *
     * @param runtime
     *            a runtime name from {@link Runtimes}
     * @param extra
     *            more options
     *
     * @return the options
     */
    public static Option runtime(String runtime, Option... extra) {
        Path work = TestDirs.target().resolve("paxexam").resolve(UUID.randomUUID().toString());
        Path data = work.resolve("data");
        Path tmp = TestDirs.target().resolve("tmp");
        try {
            Files.createDirectories(data);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Option> options = new ArrayList<>();
        options.add(workingDirectory(work.toString()));
        options.add(cleanCaches(true));
        options.add(systemProperty("java.io.tmpdir").value(tmp.toString()));
        options.add(frameworkProperty(DATA_DIR).value(data.toString()));
        options.add(frameworkProperty(HTTP_PORT).value(Integer.toString(freePort())));
        options.add(frameworkProperty(CONSOLE_PASSWORD).value(UUID.randomUUID().toString()));
        options.add(frameworkProperty("org.osgi.framework.bootdelegation").value("sun.*,com.sun.*"));
        // the Gogo shell must not read the test JVM's stdin: surefire and failsafe talk to their forks through it
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(junitBundles());
        // the harness itself, and what it uses inside the framework
        options.add(bundleOf(HoldfastTestSupport.class));
        options.add(bundleOf(org.awaitility.Awaitility.class));
        // Hamcrest 2 for Awaitility (JUnit brings 1.3), Byte Buddy for AssertJ
        options.add(bundleOf(org.hamcrest.io.FileMatchers.class));
        options.add(bundleOf(org.assertj.core.api.Assertions.class));
        options.add(bundleOf(net.bytebuddy.ByteBuddy.class));
        // 1.3)
        for (File f : Runtimes.bundles(runtime)) {
            if (Manifests.mainAttributes(f).getValue("Fragment-Host") != null) {
                // installed with its host (io.holdfast.slf4j.provider attaches to slf4j.api), never started
                options.add(bundle(f.toURI().toString()).startLevel(1).noStart());
            } else if (EARLY.contains(Manifests.symbolicName(f))) {
                options.add(bundle(f.toURI().toString()).startLevel(1));
            } else {
                options.add(bundleFile(f));
            }
        }
        options.addAll(List.of(extra));
        return composite(options.toArray(new Option[0]));
    }

    /**
     * A bundle file to install and start.
     *
     * @param file
     *            the bundle
     *
     * @return the option
     */
    public static Option bundleFile(File file) {
        if (!file.isFile()) {
            throw new IllegalArgumentException("No bundle at " + file + " (was the module packaged?)");
        }
        return bundle(file.toURI().toString());
    }

    /**
     * The jar the module under test built ({@value #PROJECT_BUNDLE}).
     *
     * @return the option
     */
    public static Option projectBundle() {
        String path = System.getProperty(PROJECT_BUNDLE);
        if (path == null) {
            throw new IllegalStateException(
                    "System property " + PROJECT_BUNDLE + " is not set: run the test with failsafe");
        }
        return bundleFile(new File(path));
    }

    /**
     * The bundle on the test class path that holds a class: how a test names a dependency of the bundle under test
     * without repeating its version.
     *
     * @param type
     *            a class of the bundle
     *
     * @return the option
     */
    public static Option bundleOf(Class<?> type) {
        return bundleFile(jarOf(type));
    }

    /**
     * The jar on the test class path that holds a class.
     *
     * @param type
     *            the class
     *
     * @return the jar file
     */
    public static File jarOf(Class<?> type) {
        try {
            File f = new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (f.isDirectory()) {
                throw new IllegalStateException(type.getName() + " comes from the folder " + f
                        + ", not a jar: run the build to the package phase (mvn verify)");
            }
            return f;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A TCP port that was free a moment ago.
     *
     * @return the port
     */
    public static int freePort() {
        return Ports.free();
    }
}
