package io.holdfast.kura.compat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.kura.KuraException;
import org.junit.Test;

/**
 * The guard of issue 17: every type compat declares has exactly the API of Kura's type, as the committed signature file
 * (written from Kura's sources) records it. A difference fails with the lines that differ, per type.
 */
public class KuraApiSignatureTest {

    static final String SIGNATURES = "/kura-api-release-5.6.0.signatures";

    @Test
    public void compatDeclaresExactlyKurasApi() throws Exception {
        List<String> expected = expected();
        List<String> actual = ApiSignatures.dumpDirectory(compatClasses(), KuraException.class.getClassLoader());
        String diff = diff(expected, actual);
        if (!diff.isEmpty()) {
            fail("compat's API differs from Kura's (" + SIGNATURES + "); '-' only in Kura, '+' only in compat:\n"
                    + diff);
        }
        assertEquals(expected, actual);
    }

    @Test
    public void theDumpSeesWhatTheGuardIsFor() throws Exception {
        List<String> dump = ApiSignatures.dump(List.of(Fixture.class, Fixture.Kind.class), getClass().getClassLoader());
        String f = Fixture.class.getName();
        assertEquals(List.of("type " + f, "  declaration public static class " + f, //
                "  annotation class @org.osgi.annotation.versioning.ProviderType",
                "  constructor protected Fixture(java.lang.String...) throws java.io.IOException",
                "  field public static final int LIMIT = 10",
                "  field public static final java.lang.String NAME = \"a\\\"b\"",
                "  method @java.lang.Deprecated public <T extends java.lang.Number> java.util.List<T> of(T)",
                "type " + f + "$Kind", "  declaration public static enum " + f + "$Kind", "  constant 000 B",
                "  constant 001 A", "  method public static " + f + "$Kind valueOf(java.lang.String)",
                "  method public static " + f + "$Kind[] values()"), dump);
        assertEquals("type x\n-  a\n+  b\n", diff(List.of("type x", "  a"), List.of("type x", "  b")));
    }

    private static List<String> expected() throws IOException {
        try (InputStream in = KuraApiSignatureTest.class.getResourceAsStream(SIGNATURES)) {
            if (in == null) {
                throw new IOException("no " + SIGNATURES + " on the test class path");
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).collect(Collectors.toList());
        }
    }

    private static Path compatClasses() throws URISyntaxException {
        return Path.of(KuraException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The lines only in one of the two dumps, under the type they belong to. */
    static String diff(List<String> expected, List<String> actual) {
        Set<String> types = new LinkedHashSet<>();
        types.addAll(types(expected));
        types.addAll(types(actual));
        StringBuilder sb = new StringBuilder();
        for (String type : types) {
            List<String> e = block(expected, type);
            List<String> a = block(actual, type);
            if (e.equals(a)) {
                continue;
            }
            sb.append(type).append(e.isEmpty() ? " (only in compat)" : a.isEmpty() ? " (missing in compat)" : "")
                    .append('\n');
            e.stream().filter(l -> !a.contains(l)).forEach(l -> sb.append("-").append(l).append('\n'));
            a.stream().filter(l -> !e.contains(l)).forEach(l -> sb.append("+").append(l).append('\n'));
            if (e.size() == a.size() && e.containsAll(a) && a.containsAll(e)) {
                sb.append("  (same lines, other order)\n");
            }
        }
        return sb.toString();
    }

    private static List<String> types(List<String> dump) {
        return dump.stream().filter(l -> l.startsWith("type ")).collect(Collectors.toList());
    }

    private static List<String> block(List<String> dump, String type) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : dump) {
            if (l.startsWith("type ")) {
                in = l.equals(type);
            } else if (in) {
                out.add(l);
            }
        }
        return out;
    }

    /** A type with one of each thing the dump records. */
    @org.osgi.annotation.versioning.ProviderType
    public static class Fixture {
        public static final String NAME = "a\"b";
        public static final int LIMIT = 10;
        static final int HIDDEN = 1;

        protected Fixture(String... names) throws IOException {
        }

        @Deprecated
        public <T extends Number> List<T> of(T t) {
            return List.of(t);
        }

        void hidden() {
        }

        public enum Kind {
            B, A
        }
    }
}
