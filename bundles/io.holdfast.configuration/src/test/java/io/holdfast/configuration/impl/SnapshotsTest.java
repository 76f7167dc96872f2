package io.holdfast.configuration.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.kura.configuration.ComponentConfiguration;
import org.eclipse.kura.configuration.Password;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SnapshotsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static ComponentConfiguration config(String pid, Map<String, Object> props) {
        return new SimpleComponentConfiguration(pid, null, props);
    }

    @Test
    public void everyTypeAndArraySurvivesARoundTrip() throws Exception {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("s", "a, b <&>");
        props.put("l", 5L);
        props.put("i", 7);
        props.put("sh", (short) 3);
        props.put("b", (byte) 1);
        props.put("d", 2.5d);
        props.put("f", 1.5f);
        props.put("z", true);
        props.put("c", 'x');
        props.put("p", new Password("secret"));
        props.put("strings", new String[] { "one", "two" });
        props.put("longs", new long[] { 1, 2 });
        props.put("list", List.of(3, 4));
        Snapshots s = new Snapshots(tmp.getRoot().toPath(), 3);
        long id = s.write(List.of(config("a.pid", props)));

        ComponentConfiguration back = s.read(id).get(0);
        assertThat(back.getPid()).isEqualTo("a.pid");
        Map<String, Object> p = back.getConfigurationProperties();
        assertThat(p).containsEntry("s", "a, b <&>").containsEntry("l", 5L).containsEntry("i", 7)
                .containsEntry("sh", (short) 3).containsEntry("b", (byte) 1).containsEntry("d", 2.5d)
                .containsEntry("f", 1.5f).containsEntry("z", true).containsEntry("c", 'x').containsEntry("p", "secret");
        assertThat((String[]) p.get("strings")).containsExactly("one", "two");
        assertThat((Long[]) p.get("longs")).containsExactly(1L, 2L);
        assertThat((Integer[]) p.get("list")).containsExactly(3, 4);
    }

    @Test
    public void writesKurasSnapshotFormat() throws Exception {
        Snapshots s = new Snapshots(tmp.getRoot().toPath(), 3);
        long id = s.write(List.of(config("x", Map.of("enabled", true))));
        String xml = Files.readString(s.file(id), StandardCharsets.UTF_8);
        assertThat(s.file(id).getFileName().toString()).isEqualTo("snapshot_" + id + ".xml");
        assertThat(xml).contains("<esf:configurations").contains("xmlns:esf=\"http://eurotech.com/esf/2.0\"")
                .contains("<esf:configuration pid=\"x\">").contains("name=\"enabled\"").contains("type=\"Boolean\"")
                .contains("array=\"false\"").contains("<esf:value>true</esf:value>");
    }

    @Test
    public void readsASnapshotWrittenByKura() throws Exception {
        String kura = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<esf:configurations xmlns:ocd=\"http://www.osgi.org/xmlns/metatype/v1.2.0\" "
                + "xmlns:esf=\"http://eurotech.com/esf/2.0\">\n" + "  <esf:configuration pid=\"org.example.Clock\">\n"
                + "    <esf:properties>\n"
                + "      <esf:property name=\"clock.ntp.port\" array=\"false\" encrypted=\"false\" type=\"Integer\">\n"
                + "        <esf:value>123</esf:value>\n      </esf:property>\n"
                + "      <esf:property name=\"hosts\" array=\"true\" encrypted=\"false\" type=\"String\">\n"
                + "        <esf:value>a</esf:value>\n        <esf:value>b</esf:value>\n      </esf:property>\n"
                + "    </esf:properties>\n  </esf:configuration>\n</esf:configurations>\n";
        List<ComponentConfiguration> c = Snapshots
                .read(new ByteArrayInputStream(kura.getBytes(StandardCharsets.UTF_8)));
        assertThat(c).hasSize(1);
        assertThat(c.get(0).getConfigurationProperties()).containsEntry("clock.ntp.port", 123);
        assertThat((String[]) c.get(0).getConfigurationProperties().get("hosts")).containsExactly("a", "b");
    }

    @Test
    public void keepsTheNewestAndLeavesNoTemporaryFile() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("snapshots");
        Snapshots s = new Snapshots(dir, 3);
        long last = 0;
        for (int i = 0; i < 5; i++) {
            long id = s.write(List.of(config("x", Map.of("n", i))));
            assertThat(id).isGreaterThan(last);
            last = id;
        }
        assertThat(s.ids()).hasSize(3).last().isEqualTo(last);
        assertThat(s.read(last).get(0).getConfigurationProperties()).containsEntry("n", 4);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toList()))
                    .allMatch(n -> n.matches("snapshot_\\d+\\.xml"));
        }
    }

    @Test
    public void aDamagedFileIsOneClearError() throws Exception {
        Snapshots s = new Snapshots(tmp.getRoot().toPath(), 3);
        long id = s.write(List.of(config("x", Map.of("n", 1))));
        Files.writeString(s.file(id), "<esf:configurations");
        assertThatThrownBy(() -> s.read(id)).isInstanceOf(IOException.class).hasMessageContaining("not a snapshot");
        assertThatThrownBy(() -> Snapshots.decode("Integer", false, List.of("x"))).isInstanceOf(IOException.class)
                .hasMessageContaining("'x' is not a Integer");
    }
}
