package io.holdfast.store.sqlite.impl;

import static io.holdfast.store.sqlite.impl.QueueFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.api.queue.DurableQueue;
import java.io.File;
import io.holdfast.testkit.ConfigAnnotations;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.slf4j.helpers.NOPLogger;

public class ConfigurationTest {

    @Rule
    public final QueueFixture fixture = new QueueFixture();

    @Test
    public void defaultsAreTheMetatypeDefaults() {
        QueueSettings s = resolve(Map.of(), Map.of(QueueSettings.DATA_DIR_PROPERTY, "/var/holdfast"), name -> null);

        assertThat(s.name()).isEqualTo("default");
        assertThat(s.file()).isEqualTo(Path.of("/var/holdfast/store/default.db"));
        assertThat(s.durability()).isEqualTo(Durability.FULL);
        assertThat(s.capacityMessages()).isEqualTo(1_000_000);
        assertThat(s.capacityBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(s.overflowPolicy()).isEqualTo(OverflowPolicy.REJECT_NEWEST);
        assertThat(s.ttl()).isZero();
        assertThat(s.housekeepingInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    public void theDataDirectoryIsHoldfastsThenKurasThenTheBundleDataArea() {
        Map<String, Object> named = Map.of("holdfast.queue.name", "alarms");
        assertThat(resolve(named, Map.of(QueueSettings.DATA_DIR_PROPERTY, "/a", QueueSettings.KURA_DATA_PROPERTY, "/b"),
                name -> null).file()).isEqualTo(Path.of("/a/store/alarms.db"));
        assertThat(
                resolve(named, Map.of(QueueSettings.KURA_DATA_PROPERTY, "/opt/eclipse/kura/data"), name -> null).file())
                        .isEqualTo(Path.of("/opt/eclipse/kura/data/store/alarms.db"));
        assertThat(resolve(named, Map.of(), name -> new File("/felix-cache/bundle7/data")).file())
                .isEqualTo(Path.of("/felix-cache/bundle7/data/store/alarms.db"));
        assertThat(resolve(Map.of("file.path", "/data/q.sqlite"), Map.of(QueueSettings.DATA_DIR_PROPERTY, "/a"),
                name -> null).file()).isEqualTo(Path.of("/data/q.sqlite"));
        assertThatThrownBy(() -> resolve(named, Map.of(), name -> null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no data directory");
    }

    @Test
    public void anOutOfRangeValueFallsBackToItsDefault() {
        Map<String, Object> bad = new HashMap<>();
        bad.put("capacity.messages", -5L);
        bad.put("capacity.bytes", 0L);
        bad.put("ttl.seconds", -1L);
        bad.put("housekeeping.interval.seconds", 0L);
        bad.put("durability", null);

        QueueSettings s = resolve(bad, Map.of(QueueSettings.DATA_DIR_PROPERTY, "/a"), name -> null);

        assertThat(s.capacityMessages()).isEqualTo(QueueSettings.DEFAULT_CAPACITY_MESSAGES);
        assertThat(s.capacityBytes()).isEqualTo(QueueSettings.DEFAULT_CAPACITY_BYTES);
        assertThat(s.ttl()).isZero();
        assertThat(s.housekeepingInterval()).isEqualTo(QueueSettings.DEFAULT_HOUSEKEEPING);
        assertThat(s.durability()).isEqualTo(Durability.FULL);
    }

    @Test
    public void anInvalidQueueNameFailsWithAClearMessage() {
        assertThatThrownBy(() -> resolve(Map.of("holdfast.queue.name", "../etc/passwd"),
                Map.of(QueueSettings.DATA_DIR_PROPERTY, "/a"), name -> null))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("queue name '../etc/passwd' is invalid");
    }

    @Test
    public void theFileRunsInWalWithTheConfiguredDurability() throws Exception {
        SqliteQueue full = fixture.open("full");
        SqliteQueue normal = fixture.open(fixture.settings("normal").withDurability(Durability.NORMAL));

        // synchronous: 2 = FULL, 1 = NORMAL; auto_vacuum: 2 = INCREMENTAL
        assertThat(DiskFullTest.query(full, "PRAGMA synchronous")).isEqualTo(2);
        assertThat(DiskFullTest.query(normal, "PRAGMA synchronous")).isEqualTo(1);
        for (SqliteQueue q : List.of(full, normal)) {
            assertThat(DiskFullTest.queryString(q, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(DiskFullTest.queryString(q, "PRAGMA locking_mode")).isEqualTo("exclusive");
            assertThat(DiskFullTest.query(q, "PRAGMA auto_vacuum")).isEqualTo(2);
            assertThat(DiskFullTest.query(q, "PRAGMA application_id")).isEqualTo(QueueStore.APPLICATION_ID);
        }
    }

    @Test
    public void theComponentActivatesWithItsDefaultsInTheDataDirectory() throws Exception {
        Path dataDir = fixture.folder.getRoot().toPath().resolve("data");
        BundleContext context = context(Map.of(QueueSettings.DATA_DIR_PROPERTY, dataDir.toString()));

        SqliteQueue component = new SqliteQueue(config(Map.of("durability", Durability.NORMAL)), context);
        try {
            DurableQueue q = component;
            long id = q.enqueue(message("d", 1));
            assertThat(q.take(1, 1)).singleElement().satisfies(m -> assertThat(m.id()).isEqualTo(id));
            assertThat(component.settings().durability()).isEqualTo(Durability.NORMAL);
        } finally {
            component.deactivate();
        }
        assertThat(dataDir.resolve("store/default.db")).isRegularFile();
    }

    @Test
    public void anUnusablePathFailsActivationWithAClearMessage() throws Exception {
        Path notADirectory = fixture.folder.newFile("plain-file").toPath().toAbsolutePath();
        BundleContext context = context(Map.of());

        assertThatThrownBy(
                () -> new SqliteQueue(config(Map.of("file.path", notADirectory.resolve("q.db").toString())), context))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("Queue default: cannot create the directory " + notADirectory
                                + ": a file that is not a directory is in the way");
    }

    @Test
    public void aFileLockedByAnotherQueueFailsActivationWithAClearMessage() throws Exception {
        QueueSettings settings = fixture.settings("locked");
        fixture.open(settings).enqueue(message("d", 1));

        assertThatThrownBy(() -> fixture.open(settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Queue locked: cannot open " + settings.file()).hasMessageContaining("locked");
        assertThat(Files.exists(settings.file())).isTrue();
    }

    private static QueueSettings resolve(Map<String, Object> values, Map<String, String> props,
            Function<String, File> dataArea) {
        return QueueSettings.from(config(values), props::get, dataArea, NOPLogger.NOP_LOGGER);
    }

    /** The configuration as SCR would hand it over: the given values, else the annotation defaults. */
    static SqliteQueueConfig config(Map<String, Object> values) {
        return ConfigAnnotations.of(SqliteQueueConfig.class, values);
    }

    private static BundleContext context(Map<String, String> props) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> switch (method.getName()) {
                case "getProperty" -> props.get((String) args[0]);
                case "getDataFile" -> null;
                default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
