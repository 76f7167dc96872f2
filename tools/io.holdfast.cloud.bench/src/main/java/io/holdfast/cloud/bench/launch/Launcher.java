package io.holdfast.cloud.bench.launch;

import io.holdfast.cloud.bench.BenchAgent;

import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.Manifests;
import io.holdfast.testkit.Runtimes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts the benchmark's OSGi runtime: the gateway runtime's framework and service set as {@code cnf/} defines them
 * (the test kit's {@code gateway-base}, resolved by bnd), Holdfast's API, compat, SQLite store and cloud connection
 * bundles with their libraries, and this module's bundle, whose {@link BenchAgent} configures them through Config Admin
 * and runs the measurement. Options become framework properties {@code holdfast.bench.<option>}.
 */
public final class Launcher {

    /** The bundles beside the runtime, by symbolic name, taken from the class path Maven gives this tool. */
    private static final Set<String> HOLDFAST = Set.of("io.holdfast.api", "io.holdfast.kura.compat",
            "io.holdfast.store.sqlite", "io.holdfast.cloud.mqtt", "org.eclipse.paho.client.mqttv3",
            "org.xerial.sqlite-jdbc", "com.google.protobuf", "com.google.gson");
    private static final List<String> OPTIONS = List.of("messages", "rounds", "producers", "window", "backlog",
            "arrivals", "batch", "dir");

    private Launcher() {
    }

    /** The jar's symbolic name, or null when it is no bundle (the class path also holds plain libraries). */
    private static String symbolicName(File jar) {
        try {
            return Manifests.symbolicName(jar);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!OPTIONS.contains(name) || i + 1 >= args.length) {
                System.err.println("usage: [--messages N] [--rounds N] [--producers N] [--window N] [--backlog N] "
                        + "[--arrivals N] [--batch N] [--dir DIR]; bad option: " + args[i]);
                System.exit(2);
            }
            props.put(BenchAgent.PREFIX + name, args[++i]);
        }
        Path dir = Path.of(props.getOrDefault(BenchAgent.PREFIX + "dir", "target/bench-data")).toAbsolutePath();
        Files.createDirectories(dir);
        props.put(BenchAgent.PREFIX + "dir", dir.toString());
        props.put(Constants.FRAMEWORK_STORAGE, dir.resolve("osgi").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("org.osgi.framework.bootdelegation", "sun.*,com.sun.*");
        props.put(HoldfastOptions.HTTP_PORT, Integer.toString(HoldfastOptions.freePort()));
        props.put(HoldfastOptions.DATA_DIR, dir.resolve("data").toString());
        props.put("gosh.args", "--nointeractive");

        List<File> bundles = new ArrayList<>(Runtimes.bundles(Runtimes.GATEWAY_BASE));
        Map<String, File> found = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry);
            String bsn = f.isFile() && f.getName().endsWith(".jar") ? symbolicName(f) : null;
            if (bsn != null && HOLDFAST.contains(bsn)) {
                found.putIfAbsent(bsn, f);
            }
        }
        if (!found.keySet().containsAll(HOLDFAST)) {
            throw new IllegalStateException(
                    "the class path lacks the bundles " + HOLDFAST.stream().filter(b -> !found.containsKey(b)).toList()
                            + " (run it through Maven: see the README)");
        }
        bundles.addAll(found.values());
        bundles.add(new File(System.getProperty(BenchAgent.PREFIX + "bundle")));

        Framework fw = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        fw.init();
        List<Bundle> installed = new ArrayList<>();
        for (File f : bundles) {
            installed.add(fw.getBundleContext().installBundle(f.toURI().toString()));
        }
        fw.start();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        // the agent stops the framework when it is done
        fw.waitForStop(0);
        Object failed = System.getProperties().get(BenchAgent.PREFIX + "failed");
        System.exit(failed == null ? 0 : 1);
    }
}
