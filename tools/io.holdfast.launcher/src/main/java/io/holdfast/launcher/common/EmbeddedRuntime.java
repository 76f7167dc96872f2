package io.holdfast.launcher.common;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarInputStream;
import java.util.function.Consumer;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The runtime embedded in a launcher jar: the bundles and run properties that bnd resolved from a bndrun (the framework
 * and service set from {@code cnf/}, plus Holdfast's bundles), read from the {@code launcher.properties} of bnd's
 * export, which the launcher's build unpacks under one resource directory.
 */
public final class EmbeddedRuntime {

    /** An embedded bundle. */
    public record EmbeddedBundle(String path, String symbolicName, String version, boolean fragment, String sha256,
            byte[] content) {

        /** The bundle's bytes. */
        public InputStream open() {
            return new ByteArrayInputStream(content);
        }
    }

    /** Bundles located here are the embedded runtime's; anything else was installed by someone (Deployment Admin). */
    public static final String LOCATION_PREFIX = "holdfast-runtime:";
    /**
     * The logging bundles start first (start level 1), so that every other bundle's first line is logged (slf4j 2 finds
     * logback through the fragment io.holdfast.slf4j.provider, which is attached to slf4j-api, not started).
     */
    private static final Set<String> LOGGING = Set.of("slf4j.api", "ch.qos.logback.classic", "ch.qos.logback.core",
            "org.apache.felix.log", "org.apache.felix.logback");

    private final Map<String, String> runProperties;
    private final List<EmbeddedBundle> bundles;

    private EmbeddedRuntime(Map<String, String> runProperties, List<EmbeddedBundle> bundles) {
        this.runProperties = runProperties;
        this.bundles = bundles;
    }

    /**
     * Reads the embedded runtime.
     *
     * @param root
     *            the resource directory that holds {@code launcher.properties} and {@code jar/}, e.g.
     *            {@code /io/holdfast/launcher/runtime/}
     *
     * @return the runtime
     */
    public static EmbeddedRuntime load(String root) {
        Properties launcher = new Properties();
        try (InputStream in = EmbeddedRuntime.class.getResourceAsStream(root + "launcher.properties")) {
            if (in == null) {
                throw new IllegalStateException("the launcher jar holds no runtime (launcher.properties missing)");
            }
            launcher.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> run = new LinkedHashMap<>();
        for (String key : launcher.stringPropertyNames()) {
            if (!key.startsWith("launch.")) {
                run.put(key, launcher.getProperty(key));
            }
        }
        List<EmbeddedBundle> bundles = new ArrayList<>();
        for (String path : launcher.getProperty("launch.bundles", "").split(",")) {
            if (!path.isBlank()) {
                bundles.add(read(root, path.trim()));
            }
        }
        return new EmbeddedRuntime(Map.copyOf(run), List.copyOf(bundles));
    }

    private static EmbeddedBundle read(String root, String path) {
        try (InputStream in = EmbeddedRuntime.class.getResourceAsStream(root + path)) {
            if (in == null) {
                throw new IllegalStateException("the launcher jar lists " + path + " but does not hold it");
            }
            byte[] content = in.readAllBytes();
            Manifest mf;
            try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(content))) {
                mf = jar.getManifest();
            }
            String bsn = mf.getMainAttributes().getValue("Bundle-SymbolicName");
            int semi = bsn.indexOf(';');
            bsn = (semi < 0 ? bsn : bsn.substring(0, semi)).trim();
            String version = mf.getMainAttributes().getValue("Bundle-Version");
            boolean fragment = mf.getMainAttributes().getValue("Fragment-Host") != null;
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            return new EmbeddedBundle(path, bsn, version, fragment, sha, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedded bundle " + path, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code -runproperties} of the bndrun and the fragments it includes. */
    public Map<String, String> runProperties() {
        return runProperties;
    }

    /** The run bundles, in bnd's order. */
    public List<EmbeddedBundle> bundles() {
        return bundles;
    }

    /**
     * Installs the embedded bundles that are missing, updates those whose content changed since the last start (by
     * SHA-256, kept in {@code digestFile}), uninstalls embedded bundles that are no longer embedded, and leaves alone
     * what Deployment Admin installed (a deployment package may carry a newer build of one of Holdfast's bundles).
     *
     * @param framework
     *            the initialised, not yet started framework
     * @param digestFile
     *            where the digests of the bundles installed last are kept
     * @param say
     *            where a kept bundle is reported, one line each
     *
     * @throws BundleException
     *             when a bundle cannot be installed or started
     * @throws IOException
     *             when the digest file cannot be read or written
     */
    public void provision(Framework framework, Path digestFile, Consumer<String> say)
            throws BundleException, IOException {
        Properties digests = new Properties();
        if (Files.exists(digestFile)) {
            try (InputStream in = Files.newInputStream(digestFile)) {
                digests.load(in);
            }
        }
        Map<String, Bundle> byLocation = new HashMap<>();
        Map<String, Bundle> bySymbolicName = new HashMap<>();
        for (Bundle b : framework.getBundleContext().getBundles()) {
            byLocation.put(b.getLocation(), b);
            if (b.getSymbolicName() != null) {
                bySymbolicName.put(b.getSymbolicName(), b);
            }
        }
        Properties current = new Properties();
        List<String> embeddedLocations = bundles.stream().map(b -> LOCATION_PREFIX + b.symbolicName()).toList();
        for (Bundle b : byLocation.values()) {
            if (b.getLocation().startsWith(LOCATION_PREFIX) && !embeddedLocations.contains(b.getLocation())) {
                b.uninstall();
            }
        }
        for (EmbeddedBundle e : bundles) {
            String location = LOCATION_PREFIX + e.symbolicName();
            Bundle b = byLocation.get(location);
            Bundle other = bySymbolicName.get(e.symbolicName());
            if (b == null && other != null && !other.getLocation().startsWith(LOCATION_PREFIX)) {
                say.accept("keeping " + e.symbolicName() + " " + other.getVersion() + " installed from "
                        + other.getLocation());
                continue;
            }
            if (b == null) {
                try (InputStream in = e.open()) {
                    b = framework.getBundleContext().installBundle(location, in);
                }
            } else if (!e.sha256().equals(digests.getProperty(location))) {
                try (InputStream in = e.open()) {
                    b.update(in);
                }
            }
            current.setProperty(location, e.sha256());
            if (!e.fragment()) {
                b.adapt(BundleStartLevel.class).setStartLevel(LOGGING.contains(e.symbolicName()) ? 1 : 2);
                b.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
        try (OutputStream os = Files.newOutputStream(digestFile)) {
            current.store(os, "SHA-256 of the embedded bundles last installed; the launcher updates what changed");
        }
    }
}
