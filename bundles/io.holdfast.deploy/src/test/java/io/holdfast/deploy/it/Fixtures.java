package io.holdfast.deploy.it;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import io.holdfast.testkit.TestDirs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The test packages, made when a test class is configured (in the test JVM, before the framework starts): small bundles
 * built with bnd, deployment packages written around them, and signed copies made with the JDK's keytool and jarsigner.
 * Nothing prebuilt is committed.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** Writes every fixture (once per folder) and returns the folder. */
    public static synchronized Path make() {
        Path dir = TestDirs.target().resolve("fixtures");
        if (Files.isRegularFile(dir.resolve("done"))) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            // fixture_1.0.0: one bundle; 2.0.0 upgrades it and adds a second one
            dp(dir.resolve("fixture_1.0.0.dp"), "fixture", "1.0.0", bundle("fixture.a", "1.0.0", null));
            dp(dir.resolve("fixture_2.0.0.dp"), "fixture", "2.0.0", bundle("fixture.a", "2.0.0", null),
                    bundle("fixture.b", "2.0.0", null));
            // 3.0.0 updates fixture.a but fixture.b needs a package nobody exports: it must be rolled back
            dp(dir.resolve("fixture_3.0.0.dp"), "fixture", "3.0.0", bundle("fixture.a", "3.0.0", null),
                    bundle("fixture.b", "3.0.0", "no.such.pkg"));
            // 4.0.0 names fixture.b 4.0.0 in its manifest but carries 3.9.0: Deployment Admin refuses it
            Bundle lying = bundle("fixture.b", "3.9.0", null);
            dp(dir.resolve("fixture_4.0.0.dp"), "fixture", "4.0.0", bundle("fixture.a", "4.0.0", null),
                    new Bundle(lying.name(), "4.0.0", lying.bytes()));
            // a package that would replace the API bundle
            dp(dir.resolve("evil_1.0.0.dp"), "evil", "1.0.0", bundle("io.holdfast.api", "9.0.0", null));
            dp(dir.resolve("other_1.0.0.dp"), "other", "1.0.0", bundle("fixture.other", "1.0.0", null));
            sign(dir);
            Files.writeString(dir.resolve("done"), "");
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test packages in " + dir, e);
        }
    }

    /** A bundle and the symbolic name and version its package manifest claims for it. */
    record Bundle(String name, String version, byte[] bytes) {
    }

    /** A bundle built by bnd: a resource and, optionally, an import nobody satisfies. */
    static Bundle bundle(String bsn, String version, String missingImport) throws Exception {
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", bsn);
            b.setProperty("Bundle-Version", version);
            b.setProperty("-includeresource", "fixture.txt;literal='" + bsn + " " + version + "'");
            b.setProperty("-noextraheaders", "true");
            if (missingImport != null) {
                b.setProperty("Import-Package", missingImport);
            }
            Jar jar = b.build();
            if (!b.getErrors().isEmpty()) {
                throw new IllegalStateException("bnd: " + b.getErrors());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            jar.write(out);
            return new Bundle(bsn, version, out.toByteArray());
        }
    }

    /** A deployment package: the manifest first, then one entry per bundle. */
    static void dp(Path file, String name, String version, Bundle... bundles) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("DeploymentPackage-SymbolicName", name);
        m.getMainAttributes().putValue("DeploymentPackage-Version", version);
        for (Bundle b : bundles) {
            Attributes a = new Attributes();
            a.putValue("Bundle-SymbolicName", b.name());
            a.putValue("Bundle-Version", b.version());
            m.getEntries().put(entry(b), a);
        }
        try (OutputStream o = Files.newOutputStream(file); JarOutputStream out = new JarOutputStream(o, m)) {
            for (Bundle b : bundles) {
                out.putNextEntry(new JarEntry(entry(b)));
                out.write(b.bytes());
                out.closeEntry();
            }
        }
    }

    private static String entry(Bundle b) {
        return "bundles/" + b.name() + "_" + b.version() + ".jar";
    }

    /** A trusted key pair (its certificate in trusted.pem) and an untrusted one; signed copies of two packages. */
    private static void sign(Path dir) throws IOException, InterruptedException {
        for (String alias : List.of("trusted", "untrusted")) {
            Path ks = dir.resolve(alias + ".p12");
            Files.deleteIfExists(ks);
            run(dir, "keytool", "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname",
                    "CN=Holdfast test " + alias, "-validity", "30", "-keystore", ks.toString(), "-storetype", "PKCS12",
                    "-storepass", "changeit");
        }
        run(dir, "keytool", "-exportcert", "-rfc", "-alias", "trusted", "-keystore",
                dir.resolve("trusted.p12").toString(), "-storepass", "changeit", "-file",
                dir.resolve("trusted.pem").toString());
        signed(dir, "fixture_1.0.0.dp", "trusted", "signed-fixture_1.0.0.dp");
        signed(dir, "fixture_2.0.0.dp", "untrusted", "untrusted-fixture_2.0.0.dp");
    }

    private static void signed(Path dir, String in, String alias, String out) throws IOException, InterruptedException {
        run(dir, "jarsigner", "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", "changeit",
                "-signedjar", dir.resolve(out).toString(), dir.resolve(in).toString(), alias);
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, Path.of(System.getProperty("java.home"), "bin", command[0]).toString());
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
