package io.holdfast.bench.support.launch;

import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.Manifests;
import io.holdfast.testkit.Runtimes;
import java.io.File;
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
 * Runs outside the framework it starts: the gateway runtime's framework and service set as {@code cnf/} defines them
 * (the test kit's {@code gateway-base}, resolved by bnd), the named bundles taken from the class path Maven gives the
 * benchmark, and the benchmark's own bundle (system property {@code holdfast.bench.bundle}), whose agent measures and
 * then stops the framework.
 */
public final class BenchRuntime {

    /** The system property, and framework property prefix, of the benchmark's options. */
    private static final String PREFIX = "holdfast.bench.";

    private BenchRuntime() {
    }

    /** The jar's symbolic name, or null when it is no bundle (the class path also holds plain libraries). */
    private static String symbolicName(File jar) {
        try {
            return Manifests.symbolicName(jar);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Starts the runtime and waits until the agent stops it.
     *
     * @param options
     *            the framework properties the agent reads ({@code holdfast.bench.<option>})
     * @param work
     *            the working directory: framework cache and data under it
     * @param bundles
     *            symbolic names of the bundles under test and their libraries, all on the class path
     *
     * @return 0, or 1 when the agent marked the run as failed
     *
     * @throws Exception
     *             if a bundle is missing or does not start
     */
    public static int run(Map<String, String> options, Path work, Set<String> bundles) throws Exception {
        Map<String, String> props = new HashMap<>(options);
        props.put(Constants.FRAMEWORK_STORAGE, work.resolve("osgi").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("org.osgi.framework.bootdelegation", "sun.*,com.sun.*");
        props.put(HoldfastOptions.HTTP_PORT, Integer.toString(HoldfastOptions.freePort()));
        props.put(HoldfastOptions.DATA_DIR, work.resolve("data").toString());
        props.put("gosh.args", "--nointeractive");

        List<File> install = new ArrayList<>(Runtimes.bundles(Runtimes.GATEWAY_BASE));
        Map<String, File> found = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry);
            String bsn = f.isFile() && f.getName().endsWith(".jar") ? symbolicName(f) : null;
            if (bsn != null && bundles.contains(bsn)) {
                found.putIfAbsent(bsn, f);
            }
        }
        if (!found.keySet().containsAll(bundles)) {
            throw new IllegalStateException(
                    "the class path lacks the bundles " + bundles.stream().filter(b -> !found.containsKey(b)).toList()
                            + " (run it through Maven: see the README)");
        }
        install.addAll(found.values());
        install.add(new File(System.getProperty(PREFIX + "bundle")));

        Framework fw = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        fw.init();
        List<Bundle> installed = new ArrayList<>();
        for (File f : install) {
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
        return System.getProperties().get(PREFIX + "failed") == null ? 0 : 1;
    }
}
