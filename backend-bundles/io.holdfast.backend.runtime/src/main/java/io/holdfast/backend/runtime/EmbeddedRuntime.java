package io.holdfast.backend.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * The runtime embedded in the launcher jar: the bundles and run properties that bnd resolved from
 * {@code backend.bndrun} (copied from kura-deploy's launcher, whose classes are package-private), read from the
 * {@code launcher.properties} of bnd's export.
 */
final class EmbeddedRuntime {

    /** An embedded bundle. */
    record EmbeddedBundle(String path, String symbolicName, String version, boolean fragment, String sha256,
            byte[] content) {

        InputStream open() {
            return new ByteArrayInputStream(content);
        }
    }

    private static final String ROOT = "/io/holdfast/backend/runtime/runtime/";

    private final Map<String, String> runProperties;
    private final List<EmbeddedBundle> bundles;

    private EmbeddedRuntime(Map<String, String> runProperties, List<EmbeddedBundle> bundles) {
        this.runProperties = runProperties;
        this.bundles = bundles;
    }

    static EmbeddedRuntime load() {
        Properties launcher = new Properties();
        try (InputStream in = EmbeddedRuntime.class.getResourceAsStream(ROOT + "launcher.properties")) {
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
                bundles.add(read(path.trim()));
            }
        }
        return new EmbeddedRuntime(Map.copyOf(run), List.copyOf(bundles));
    }

    private static EmbeddedBundle read(String path) {
        try (InputStream in = EmbeddedRuntime.class.getResourceAsStream(ROOT + path)) {
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
    Map<String, String> runProperties() {
        return runProperties;
    }

    /** The run bundles, in bnd's order. */
    List<EmbeddedBundle> bundles() {
        return bundles;
    }
}
