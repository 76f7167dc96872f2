package io.holdfast.dp.check;

import static org.assertj.core.api.Assertions.assertThat;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.OSGiHeader;
import aQute.bnd.header.Parameters;
import aQute.bnd.version.Version;
import aQute.bnd.version.VersionRange;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.kura.KuraException;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Opens every deployment package built under {@code dp-packages/} and checks it as Kura's Deployment Admin would see
 * it: the manifest names the package and its version, one {@code Name:} section per bundle agrees with that bundle's
 * own manifest, and every bundle's imports are satisfied by Kura 5.x (KURA-CONTRACT.md sections 1 and 2), by the API
 * package or by the package itself, without anything Kura already ships.
 */
public class DeploymentPackagesTest {

    /** What each package must hold: its bundles' symbolic names. */
    private static final Map<String, Set<String>> EXPECTED = Map.of("io.holdfast.api", Set.of("io.holdfast.api"),
            "io.holdfast.store.sqlite", Set.of("io.holdfast.store.sqlite"), "io.holdfast.cloud.mqtt",
            Set.of("io.holdfast.cloud.mqtt"), "io.holdfast.esp32",
            Set.of("io.holdfast.esp32", "com.fazecast.jSerialComm"), "io.holdfast.sensor.calibration",
            Set.of("io.holdfast.sensor.calibration"), "io.holdfast.sensor.seed", Set.of("io.holdfast.sensor.seed"),
            "io.holdfast.sensor.pt100", Set.of("io.holdfast.sensor.pt100"), "io.holdfast.sensor.ds18b20",
            Set.of("io.holdfast.sensor.ds18b20"), "io.holdfast.sensor.bme280", Set.of("io.holdfast.sensor.bme280"),
            "io.holdfast.oled", Set.of("io.holdfast.oled"));

    /**
     * Libraries on a Kura 5.6 device (KURA-CONTRACT.md section 1): package prefix -> the version it is exported at.
     * These must never be inside a package.
     */
    private static final Map<String, String> KURA_LIBRARIES = Map.of("org.eclipse.paho.client.mqttv3", "1.2.1",
            "com.google.protobuf", "3.25.5", "org.sqlite", "3.42.0.0", "com.google.gson", "2.9.0", "org.slf4j",
            "1.7.36", "com.zaxxer.hikari", "2.7.9", "org.apache.commons.io", "2.11.0", "org.apache.logging.log4j",
            "2.23.1");
    /** The symbolic names of those libraries, and of what Kura itself is. */
    private static final Set<String> KURA_BUNDLES = Set.of("org.eclipse.paho.client.mqttv3", "com.google.protobuf",
            "org.xerial.sqlite-jdbc", "com.google.gson", "slf4j.api", "com.zaxxer.HikariCP", "org.apache.commons.io",
            "org.apache.logging.log4j.api", "org.eclipse.kura.api", "io.holdfast.kura.compat");
    /** OSGi R7 packages on Equinox 3.16 with Kura's service set, at their R7 versions. */
    private static final Map<String, String> OSGI_R7 = Map.ofEntries(Map.entry("org.osgi.framework", "1.9.0"),
            Map.entry("org.osgi.framework.wiring", "1.2.0"), Map.entry("org.osgi.framework.hooks.service", "1.1.0"),
            Map.entry("org.osgi.util.tracker", "1.5.2"), Map.entry("org.osgi.service.cm", "1.6.0"),
            Map.entry("org.osgi.service.event", "1.4.0"), Map.entry("org.osgi.service.component", "1.4.0"),
            Map.entry("org.osgi.service.metatype", "1.4.0"), Map.entry("org.osgi.service.log", "1.4.0"),
            Map.entry("org.osgi.service.deploymentadmin", "1.0.0"), Map.entry("org.osgi.util.promise", "1.1.0"),
            Map.entry("org.osgi.util.function", "1.1.0"));

    private static Map<String, Dp> packages;
    private static Map<String, Version> kuraApi;

    @BeforeClass
    public static void open() throws IOException {
        Path root = Path.of(System.getProperty("holdfast.dp.packages", ".."));
        packages = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).collect(Collectors.toList())) {
                Path target = module.resolve("target");
                if (!Files.isDirectory(target)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(target)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".dp")).collect(Collectors.toList())) {
                        Dp dp = Dp.read(f);
                        packages.put(dp.name, dp);
                    }
                }
            }
        }
        File compat = new File(KuraException.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        try (JarInputStream in = new JarInputStream(Files.newInputStream(compat.toPath()))) {
            kuraApi = new HashMap<>();
            Parameters exports = OSGiHeader
                    .parseHeader(in.getManifest().getMainAttributes().getValue("Export-Package"));
            exports.forEach((pkg, attrs) -> kuraApi.put(strip(pkg), Version.parseVersion(attrs.getVersion())));
        }
    }

    @Test
    public void everyPackageIsBuiltWithItsBundles() {
        assertThat(packages.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        for (Dp dp : packages.values()) {
            assertThat(dp.bundles.keySet()).as("bundles of %s", dp.name)
                    .containsExactlyInAnyOrderElementsOf(EXPECTED.get(dp.name));
        }
    }

    @Test
    public void manifestNamesPackageVersionAndEveryBundle() {
        for (Dp dp : packages.values()) {
            assertThat(dp.file.getFileName().toString()).as("file name")
                    .matches(java.util.regex.Pattern.quote(dp.name) + "_[0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?\\.dp");
            assertThat(Version.parseVersion(dp.version).getWithoutQualifier())
                    .as("DeploymentPackage-Version of %s", dp.name).isEqualTo(new Version(0, 1, 0));
            assertThat(dp.sections.keySet()).as("Name: sections of %s", dp.name)
                    .containsExactlyInAnyOrderElementsOf(dp.entries.keySet());
            for (Map.Entry<String, Attributes> s : dp.sections.entrySet()) {
                Manifest bundle = dp.entries.get(s.getKey());
                assertThat(bundle).as("%s in %s is a bundle", s.getKey(), dp.name).isNotNull();
                Attributes own = bundle.getMainAttributes();
                assertThat(s.getValue().getValue("Bundle-SymbolicName")).as("Bundle-SymbolicName of %s", s.getKey())
                        .isEqualTo(strip(own.getValue("Bundle-SymbolicName")));
                assertThat(s.getValue().getValue("Bundle-Version")).as("Bundle-Version of %s", s.getKey())
                        .isEqualTo(own.getValue("Bundle-Version"));
            }
        }
    }

    @Test
    public void noPackageCarriesWhatKuraShips() {
        for (Dp dp : packages.values()) {
            assertThat(dp.bundles.keySet()).as("bundles of %s", dp.name).doesNotContainAnyElementsOf(KURA_BUNDLES);
            for (Manifest m : dp.bundles.values()) {
                String exports = m.getMainAttributes().getValue("Export-Package");
                if (exports == null) {
                    continue;
                }
                for (String pkg : OSGiHeader.parseHeader(exports).keySet()) {
                    assertThat(kuraLibrary(strip(pkg)) == null && !pkg.startsWith("org.eclipse.kura"))
                            .as("%s of %s exports %s, which Kura already has", dp.name,
                                    m.getMainAttributes().getValue("Bundle-SymbolicName"), pkg)
                            .isTrue();
                }
            }
        }
    }

    /** Every import resolves in Kura: against Kura's packages, the API package and the package's own bundles. */
    @Test
    public void everyImportResolvesInKura() {
        Map<String, Version> api = exportsOf(packages.get("io.holdfast.api"));
        List<String> unresolved = new ArrayList<>();
        for (Dp dp : packages.values()) {
            Map<String, Version> own = exportsOf(dp);
            for (Map.Entry<String, Manifest> b : dp.bundles.entrySet()) {
                String imports = b.getValue().getMainAttributes().getValue("Import-Package");
                if (imports == null) {
                    continue;
                }
                for (Map.Entry<String, Attrs> i : OSGiHeader.parseHeader(imports).entrySet()) {
                    String pkg = strip(i.getKey());
                    if ("optional".equals(i.getValue().get("resolution:")) || pkg.startsWith("java.")
                            || pkg.startsWith("javax.")) {
                        continue;
                    }
                    String v = i.getValue().getVersion();
                    VersionRange range = v == null ? new VersionRange("0") : new VersionRange(v);
                    Version found = own.getOrDefault(pkg, api.getOrDefault(pkg, kuraApi.get(pkg)));
                    if (found == null) {
                        String lib = kuraLibrary(pkg);
                        found = lib != null ? Version.parseVersion(KURA_LIBRARIES.get(lib)) : osgi(pkg);
                    }
                    if (found == null || !range.includes(found)) {
                        unresolved.add(dp.name + ": " + b.getKey() + " imports " + pkg + " " + range + ", Kura has "
                                + (found == null ? "nothing" : found));
                    }
                }
            }
        }
        assertThat(unresolved).isEmpty();
    }

    private static String kuraLibrary(String pkg) {
        return KURA_LIBRARIES.keySet().stream().filter(p -> pkg.equals(p) || pkg.startsWith(p + ".")).findFirst()
                .orElse(null);
    }

    private static Version osgi(String pkg) {
        String v = OSGI_R7.get(pkg);
        return v == null ? null : Version.parseVersion(v);
    }

    private static Map<String, Version> exportsOf(Dp dp) {
        Map<String, Version> out = new HashMap<>();
        for (Manifest m : dp.bundles.values()) {
            String exports = m.getMainAttributes().getValue("Export-Package");
            if (exports != null) {
                OSGiHeader.parseHeader(exports)
                        .forEach((pkg, a) -> out.put(strip(pkg), Version.parseVersion(a.getVersion())));
            }
        }
        return out;
    }

    /** bnd marks a repeated key with trailing {@code ~}; a symbolic name may carry directives. */
    private static String strip(String s) {
        String t = s.split(";", 2)[0].trim();
        while (t.endsWith("~")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    /** A deployment package as read from its file. */
    private static final class Dp {
        final Path file;
        final String name;
        final String version;
        /** Name: sections of the package manifest. */
        final Map<String, Attributes> sections;
        /** Entries (resource name -> its manifest, null if it is not a jar). */
        final Map<String, Manifest> entries = new LinkedHashMap<>();
        /** Bundles by symbolic name. */
        final Map<String, Manifest> bundles = new TreeMap<>();

        private Dp(Path file, Manifest m) {
            this.file = file;
            this.name = m.getMainAttributes().getValue("DeploymentPackage-SymbolicName");
            this.version = m.getMainAttributes().getValue("DeploymentPackage-Version");
            this.sections = new TreeMap<>(m.getEntries());
        }

        static Dp read(Path file) {
            try (JarInputStream in = new JarInputStream(Files.newInputStream(file))) {
                Manifest m = in.getManifest();
                assertThat(m).as("manifest of %s (it must be the first entry)", file).isNotNull();
                Dp dp = new Dp(file, m);
                assertThat(dp.name).as("DeploymentPackage-SymbolicName of %s", file).isNotBlank();
                assertThat(dp.version).as("DeploymentPackage-Version of %s", file).isNotBlank();
                for (var e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    byte[] bytes = in.readAllBytes();
                    try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bytes))) {
                        Manifest bm = jar.getManifest();
                        dp.entries.put(e.getName(), bm);
                        if (bm != null && bm.getMainAttributes().getValue("Bundle-SymbolicName") != null) {
                            dp.bundles.put(strip(bm.getMainAttributes().getValue("Bundle-SymbolicName")), bm);
                        }
                    }
                }
                return dp;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }
}
