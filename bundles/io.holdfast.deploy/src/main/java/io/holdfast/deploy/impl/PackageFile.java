package io.holdfast.deploy.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Version;

/**
 * What a deployment package file says about itself, read before Deployment Admin sees it: its name and version, its
 * bundles, and (when asked) whether every entry is signed by a trusted certificate. A file that is not a deployment
 * package, or that breaks a rule, is refused with a {@link Refused} naming the reason.
 */
record PackageFile(Path file, String name, Version version, Map<String, Version> bundles, boolean fixPack) {

    /** A package that must not be installed; the message is the one line shown to the operator. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Reads and checks a package.
     *
     * @param file
     *            the .dp file
     * @param protectedBundles
     *            symbolic names the package must not contain
     * @param signers
     *            certificates one of which must have signed every entry, or {@code null} when signing is not required
     *
     * @return what the package holds
     *
     * @throws Refused
     *             if it is not a deployment package, names a protected bundle or is not signed as required
     * @throws IOException
     *             if the file cannot be read
     */
    static PackageFile read(Path file, Collection<String> protectedBundles, List<X509Certificate> signers)
            throws Refused, IOException {
        try (InputStream raw = Files.newInputStream(file); JarInputStream in = new JarInputStream(raw, true)) {
            Manifest m = in.getManifest();
            if (m == null) {
                throw new Refused("not a deployment package: no manifest first in " + file.getFileName());
            }
            Attributes main = m.getMainAttributes();
            String name = main.getValue("DeploymentPackage-SymbolicName");
            String version = main.getValue("DeploymentPackage-Version");
            if (name == null || name.isBlank() || version == null) {
                throw new Refused("not a deployment package: DeploymentPackage-SymbolicName or -Version missing");
            }
            Version v;
            try {
                v = Version.parseVersion(version.trim());
            } catch (IllegalArgumentException e) {
                throw new Refused("bad DeploymentPackage-Version: " + version);
            }
            Map<String, Version> bundles = new LinkedHashMap<>();
            for (Map.Entry<String, Attributes> e : m.getEntries().entrySet()) {
                String bsn = e.getValue().getValue("Bundle-SymbolicName");
                if (bsn == null) {
                    continue;
                }
                bsn = bsn.split(";", 2)[0].trim();
                if (protectedBundles.contains(bsn)) {
                    throw new Refused("package " + name + " would replace " + bsn + ", which is part of the runtime");
                }
                String bv = e.getValue().getValue("Bundle-Version");
                bundles.put(bsn, bv == null ? Version.emptyVersion : Version.parseVersion(bv.trim()));
            }
            List<String> unsigned = new ArrayList<>();
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                // the signature is checked once the entry has been read to its end
                in.transferTo(OutputStream.nullOutputStream());
                if (signers != null && !entry.isDirectory() && !entry.getName().startsWith("META-INF/")
                        && !trusted(entry.getCodeSigners(), signers)) {
                    unsigned.add(entry.getName());
                }
            }
            if (signers != null && (!unsigned.isEmpty() || m.getEntries().isEmpty())) {
                throw new Refused("package " + name + " is not signed by a trusted certificate"
                        + (unsigned.isEmpty() ? "" : ": " + String.join(", ", unsigned)));
            }
            boolean fixPack = main.getValue("DeploymentPackage-FixPack") != null;
            return new PackageFile(file, name.trim(), v, bundles, fixPack);
        } catch (SecurityException e) {
            // a signature that does not match the content
            throw new Refused("package signature is invalid: " + e.getMessage());
        }
    }

    /** True if one signer's chain leads to a trusted certificate, each link verified. */
    static boolean trusted(CodeSigner[] codeSigners, List<X509Certificate> trusted) {
        if (codeSigners == null) {
            return false;
        }
        for (CodeSigner s : codeSigners) {
            List<? extends Certificate> chain = s.getSignerCertPath().getCertificates();
            for (int i = 0; i < chain.size(); i++) {
                if (!(chain.get(i) instanceof X509Certificate c)) {
                    break;
                }
                for (X509Certificate t : trusted) {
                    if (c.equals(t) || issuedBy(c, t)) {
                        return true;
                    }
                }
                if (i + 1 < chain.size() && !issuedBy(c, chain.get(i + 1))) {
                    break;
                }
            }
        }
        return false;
    }

    private static boolean issuedBy(X509Certificate c, Certificate issuer) {
        try {
            if (issuer instanceof X509Certificate x
                    && !c.getIssuerX500Principal().equals(x.getSubjectX500Principal())) {
                return false;
            }
            c.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A copy of a signed package without its signature entries (the manifest keeps its digests), or null if the package
     * is not signed.
     */
    static Path withoutSignatures(Path file) throws IOException {
        if (!hadSignature(file)) {
            return null;
        }
        try (JarInputStream in = new JarInputStream(Files.newInputStream(file), false)) {
            Manifest m = in.getManifest();
            if (m == null) {
                return null;
            }
            Path copy = null;
            JarOutputStream out = null;
            try {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    if (isSignature(e.getName())) {
                        continue;
                    }
                    if (out == null) {
                        copy = Files.createTempFile(file.toAbsolutePath().getParent(), "unsigned-", ".dp");
                        out = new JarOutputStream(Files.newOutputStream(copy), m);
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            } finally {
                if (out != null) {
                    out.close();
                }
            }
            return copy;
        }
    }

    private static boolean hadSignature(Path file) throws IOException {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(file.toFile())) {
            return z.stream().anyMatch(e -> isSignature(e.getName()));
        }
    }

    private static boolean isSignature(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        return n.startsWith("META-INF/") && n.indexOf('/', 9) < 0
                && (n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC"));
    }

    /** The file name Kura gives a package: {@code <name>_<version>.dp}. */
    String canonicalFileName() {
        return name + "_" + version + ".dp";
    }
}
