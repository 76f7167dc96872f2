package io.holdfast.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A new version of a built deployment package, as a release would make it: the package's own bundles (those named
 * {@code io.holdfast.*}) get a new {@code Bundle-Version}, the package a new {@code DeploymentPackage-Version}; the
 * third-party bundles it carries stay as they are.
 */
public final class NextVersion {
    private static final Attributes.Name BUNDLE_VERSION = new Attributes.Name("Bundle-Version");
    private static final Attributes.Name BSN = new Attributes.Name("Bundle-SymbolicName");

    private NextVersion() {
    }

    /**
     * Writes {@code <name>_<version>.dp} into a folder.
     *
     * @param built
     *            the package as the build made it
     * @param version
     *            the new version
     * @param dir
     *            where the new package goes
     *
     * @return the new file
     *
     * @throws IOException
     *             if a file cannot be read or written
     */
    public static Path write(Path built, String version, Path dir) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(built))) {
            Manifest dpManifest = new Manifest(in.getManifest());
            String name = dpManifest.getMainAttributes().getValue("DeploymentPackage-SymbolicName");
            dpManifest.getMainAttributes().putValue("DeploymentPackage-Version", version);
            Map<String, Attributes> sections = dpManifest.getEntries();
            Path out = dir.resolve(name + "_" + version + ".dp");
            try (OutputStream file = Files.newOutputStream(out)) {
                // the manifest must come first: collect the rewritten bundles, then write everything
                java.util.List<Map.Entry<String, byte[]>> bundles = new java.util.ArrayList<>();
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    byte[] bytes = in.readAllBytes();
                    Attributes section = sections.get(e.getName());
                    if (section != null && section.getValue(BSN).startsWith("io.holdfast.")) {
                        bytes = rewrite(bytes, version);
                        section.put(BUNDLE_VERSION, version);
                    }
                    bundles.add(Map.entry(e.getName(), bytes));
                }
                try (JarOutputStream jar = new JarOutputStream(file, dpManifest)) {
                    for (Map.Entry<String, byte[]> b : bundles) {
                        jar.putNextEntry(new JarEntry(b.getKey()));
                        jar.write(b.getValue());
                        jar.closeEntry();
                    }
                }
            }
            return out;
        }
    }

    private static byte[] rewrite(byte[] bundle, String version) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bundle))) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().put(BUNDLE_VERSION, version);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JarOutputStream jar = new JarOutputStream(out, m)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    jar.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
            return out.toByteArray();
        }
    }
}
