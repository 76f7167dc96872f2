package io.holdfast.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * Reads bundle manifests.
 */
public final class Manifests {

    private Manifests() {
    }

    /**
     * The main attributes of a jar's manifest.
     *
     * @param jar
     *            the jar file
     *
     * @return its main attributes
     */
    public static Attributes mainAttributes(File jar) {
        try (JarFile f = new JarFile(jar)) {
            if (f.getManifest() == null) {
                throw new IllegalArgumentException(jar + " has no manifest");
            }
            return f.getManifest().getMainAttributes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        }
    }

    /**
     * A bundle's symbolic name, without directives.
     *
     * @param jar
     *            the bundle file
     *
     * @return its {@code Bundle-SymbolicName}
     */
    public static String symbolicName(File jar) {
        String bsn = mainAttributes(jar).getValue("Bundle-SymbolicName");
        if (bsn == null) {
            throw new IllegalArgumentException(jar + " is not a bundle: no Bundle-SymbolicName");
        }
        int semi = bsn.indexOf(';');
        return (semi < 0 ? bsn : bsn.substring(0, semi)).trim();
    }
}
