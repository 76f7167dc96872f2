package io.holdfast.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import aQute.bnd.version.Version;
import aQute.bnd.version.VersionRange;
import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.Manifests;
import io.holdfast.testkit.TestDirs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.kura.message.KuraPayload;
import org.junit.Test;

/**
 * KURA-CONTRACT.md section 2, checked on built manifests: the compatibility bundle exports Kura's package versions, and
 * Holdfast's bundles import Kura packages with ranges every Kura 5.x satisfies.
 */
public class KuraContractIT {

    /** Kura 5.x package versions (the newest, which the compatibility bundle exports) and the lowest Kura 5.x has. */
    private static final Map<String, String[]> KURA = Map.ofEntries(Map.entry("org.eclipse.kura", v("1.7.0", "1.6.0")),
            Map.entry("org.eclipse.kura.configuration", v("1.2.0", "1.2.0")),
            Map.entry("org.eclipse.kura.configuration.metatype", v("1.1.0", "1.1.0")),
            Map.entry("org.eclipse.kura.crypto", v("1.3.0", "1.2.0")),
            Map.entry("org.eclipse.kura.message", v("1.5.0", "1.4.0")),
            Map.entry("org.eclipse.kura.cloudconnection", v("1.0.0", "1.0.0")),
            Map.entry("org.eclipse.kura.cloudconnection.factory", v("1.0.0", "1.0.0")),
            Map.entry("org.eclipse.kura.cloudconnection.listener", v("1.0.0", "1.0.0")),
            Map.entry("org.eclipse.kura.cloudconnection.message", v("1.0.0", "1.0.0")),
            Map.entry("org.eclipse.kura.cloudconnection.publisher", v("1.0.0", "1.0.0")),
            Map.entry("org.eclipse.kura.cloudconnection.subscriber", v("1.0.0", "1.0.0")),
            Map.entry("org.eclipse.kura.cloudconnection.subscriber.listener", v("1.0.0", "1.0.0")),
            Map.entry("org.eclipse.kura.cloudconnection.request", v("1.0.0", "1.0.0")));

    private static String[] v(String exported, String lowest) {
        return new String[] { exported, lowest };
    }

    @Test
    public void compatibilityBundleExportsExactlyKurasPackageVersions() {
        File compat = GatewayBundles.all().stream()
                .filter(f -> Manifests.symbolicName(f).equals("io.holdfast.kura.compat")).findFirst().orElseThrow();
        Parameters exports = new Parameters(Manifests.mainAttributes(compat).getValue("Export-Package"));

        Map<String, String> actual = new TreeMap<>();
        exports.forEach((pkg, attrs) -> actual.put(pkg, attrs.getVersion()));
        Map<String, String> expected = new TreeMap<>();
        KURA.forEach((pkg, versions) -> expected.put(pkg, versions[0]));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    public void holdfastBundlesImportKuraWithKura5Ranges() {
        for (File f : GatewayBundles.holdfastBundles()) {
            if (Manifests.symbolicName(f).equals("io.holdfast.kura.compat")) {
                continue;
            }
            Parameters imports = new Parameters(Manifests.mainAttributes(f).getValue("Import-Package"));
            assertKuraRanges(Manifests.symbolicName(f), imports);
        }
    }

    @Test
    public void holdfastBundlesImportSlf4jFrom17() {
        // they compile against slf4j 2 (the standalone runtimes' version) and must still resolve on Kura's 1.7.36
        int importers = 0;
        for (File f : GatewayBundles.holdfastBundles()) {
            Parameters imports = new Parameters(Manifests.mainAttributes(f).getValue("Import-Package"));
            for (Map.Entry<String, Attrs> e : imports.entrySet()) {
                if (e.getKey().startsWith("org.slf4j")) {
                    importers++;
                    assertThat(e.getValue().getVersion()).as(Manifests.symbolicName(f) + " imports " + e.getKey())
                            .isEqualTo("[1.7,3)");
                }
            }
        }
        assertThat(importers).as("imports of org.slf4j among the gateway bundles").isPositive();
    }

    @Test
    public void theSharedBndInstructionsGiveKura5Ranges() throws Exception {
        Path block = TestDirs.target().resolve("shared-bnd-block.bnd");
        Files.writeString(block, sharedBndBlock());
        File compat = HoldfastOptions.jarOf(KuraPayload.class);
        try (Builder b = new Builder()) {
            b.setProperty("project.artifactId", "io.holdfast.contract.fixture");
            b.setProperty("project.name", "Contract fixture");
            b.setProperty("project.description", "Kura types used as Holdfast's bundles use them");
            b.setProperties(block.toFile());
            b.setProperty("-privatepackage", "io.holdfast.launcher.fixture");
            b.addClasspath(new File(TestDirs.target().toFile(), "test-classes"));
            b.addClasspath(compat);
            Jar jar = b.build();
            assertThat(b.getErrors()).isEmpty();
            Parameters imports = new Parameters(jar.getManifest().getMainAttributes().getValue("Import-Package"));

            assertThat(range(imports, "org.eclipse.kura")).isEqualTo("[1.6,2)");
            assertThat(range(imports, "org.eclipse.kura.message")).isEqualTo("[1.4,2)");
            assertThat(range(imports, "org.eclipse.kura.crypto")).isEqualTo("[1.2,2)");
            assertThat(range(imports, "org.eclipse.kura.configuration")).isEqualTo("[1.2,2)");
            assertThat(range(imports, "org.eclipse.kura.cloudconnection.listener")).isEqualTo("[1.0,2)");
            // KuraMessage is a provider type, but using it (not implementing it) keeps the consumer range
            assertThat(range(imports, "org.eclipse.kura.cloudconnection.message")).isEqualTo("[1.0,2)");
            assertThat(range(imports, "org.eclipse.kura.cloudconnection.publisher")).isEqualTo("[1.0,1.1)");
            assertKuraRanges("fixture", imports);
        }
    }

    private static String range(Parameters imports, String pkg) {
        Attrs attrs = imports.get(pkg);
        assertThat(attrs).as("import of " + pkg).isNotNull();
        return attrs.getVersion();
    }

    private static void assertKuraRanges(String bundle, Parameters imports) {
        imports.forEach((pkg, attrs) -> {
            if (!pkg.startsWith("org.eclipse.kura")) {
                return;
            }
            assertThat(KURA).as(bundle + " imports " + pkg + ", which Kura 5.x does not export").containsKey(pkg);
            VersionRange range = new VersionRange(attrs.getVersion());
            Version lowest = new Version(KURA.get(pkg)[1]);
            assertThat(range.getLow()).as(bundle + " " + pkg + " " + range + ": lower bound").isEqualTo(lowest);
            assertThat(range.getHigh()).as(bundle + " " + pkg + " " + range + ": upper bound")
                    .isIn(new Version(2, 0, 0), new Version(lowest.getMajor(), lowest.getMinor() + 1, 0));
        });
    }

    /** The {@code <bnd>} block of the root pom, as every bundle of the reactor inherits it. */
    private static String sharedBndBlock() throws Exception {
        String pom = Files.readString(TestDirs.target().getParent().getParent().resolve("pom.xml"));
        Matcher m = Pattern.compile("<bnd><!\\[CDATA\\[(.*?)]]></bnd>", Pattern.DOTALL).matcher(pom);
        assertThat(m.find()).as("root pom has a shared bnd block").isTrue();
        return m.group(1);
    }
}
