package io.holdfast.store.sqlite.it;

import static io.holdfast.testkit.HoldfastOptions.DATA_DIR;
import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.gatewayRuntime;
import static io.holdfast.testkit.HoldfastOptions.projectBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueueException.Reason;
import io.holdfast.api.queue.QueuedMessage;
import io.holdfast.api.status.StatusProvider;
import io.holdfast.testkit.HoldfastTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The store bundle in the gateway runtime: its services, its configuration through Config Admin and Metatype as Kura's
 * console uses them, and an update of the bundle while producers enqueue.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SqliteQueueIT extends HoldfastTestSupport {

    private static final String BSN = "io.holdfast.store.sqlite";
    private static final String PID = "io.holdfast.store.sqlite.SqliteQueue";
    private static final String DEFAULT_QUEUE = "(" + DurableQueue.QUEUE_NAME + "=default)";

    @Configuration
    public Option[] config() {
        return options(gatewayRuntime(bundleOf(DurableQueue.class), bundleOf(ConfigurableComponent.class),
                bundleOf(org.sqlite.SQLiteDataSource.class), projectBundle()));
    }

    @Test
    public void registersTheQueueTheStatusAndTheConfigurableComponentUnderOnePid() throws Exception {
        DurableQueue q = service(DurableQueue.class, DEFAULT_QUEUE);
        ServiceReference<DurableQueue> ref = context.getServiceReferences(DurableQueue.class, DEFAULT_QUEUE).iterator()
                .next();
        assertThat((String[]) ref.getProperty(Constants.OBJECTCLASS)).containsExactlyInAnyOrder(
                DurableQueue.class.getName(), StatusProvider.class.getName(), ConfigurableComponent.class.getName());
        // unconfigured: no configuration PID (DS sets service.pid from a configuration), Kura's own property is set
        assertThat(ref.getProperty(Constants.SERVICE_PID)).isNull();
        assertThat(ref.getProperty("kura.service.pid")).isEqualTo(PID);
        assertThat(ref.getProperty("component.name")).isEqualTo(PID);
        assertThat(ref.getBundle().getSymbolicName()).isEqualTo(BSN);
        assertThat(q.name()).isEqualTo("default");
        assertThat(Path.of(context.getProperty(DATA_DIR), "store", "default.db")).isRegularFile();

        StatusProvider status = service(StatusProvider.class, "(kura.service.pid=" + PID + ")");
        assertThat(status.status().backlogs()).extracting(b -> b.name()).containsExactly("default");
    }

    @Test
    public void enqueueTakeAndAckThroughTheService() throws Exception {
        DurableQueue q = service(DurableQueue.class, DEFAULT_QUEUE);
        drain(q, "service-");
        long a = q.enqueue(message("service-d", 1));
        long b = q.enqueue(message("service-d", 2));

        assertThat(q.awaitPending(0, TimeUnit.SECONDS)).isTrue();
        List<QueuedMessage> taken = q.take(10, Long.MAX_VALUE);
        assertThat(taken).extracting(QueuedMessage::id).containsExactly(a, b);
        assertThat(new String(taken.get(1).message().payload(), StandardCharsets.UTF_8)).isEqualTo("service-d#2");
        q.ack(a, b);
        assertThat(q.take(10, Long.MAX_VALUE)).isEmpty();
        assertThat(q.stats().acked()).isGreaterThanOrEqualTo(2);
    }

    @Test
    public void isConfiguredThroughMetatypeAndConfigAdminAsKurasConsoleDoes() throws Exception {
        Bundle store = bundle(BSN);
        URLContent metatype = URLContent.of(store, "OSGI-INF/metatype/" + PID + ".xml");
        assertThat(metatype.text)
                .contains("<OCD id=\"" + PID + "\"", "<Designate factoryPid=\"" + PID + "\"", "<AD id=")
                .doesNotContain("<metatype:OCD");
        MetaTypeInformation info = service(MetaTypeService.class, null).getMetaTypeInformation(store);
        assertThat(info.getFactoryPids()).containsExactly(PID);
        assertThat(info.getPids()).isEmpty();
        ObjectClassDefinition ocd = info.getObjectClassDefinition(PID, null);
        assertThat(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)).extracting(AttributeDefinition::getID)
                .containsExactly("holdfast.queue.name", "file.path", "durability", "capacity.messages",
                        "capacity.bytes", "overflow.policy", "ttl.seconds", "housekeeping.interval.seconds");

        ConfigurationAdmin cm = service(ConfigurationAdmin.class, null);
        org.osgi.service.cm.Configuration cfg = cm.getFactoryConfiguration(PID, "configured", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("holdfast.queue.name", "configured");
        props.put("capacity.messages", 3L);
        props.put("overflow.policy", "REJECT_NEWEST");
        props.put("durability", "NORMAL");
        props.put("kura.service.pid", "configured-store");
        cfg.update(props);
        // a second store beside it, as for a second cloud connection
        org.osgi.service.cm.Configuration second = cm.getFactoryConfiguration(PID, "second", "?");
        second.update(new Hashtable<>(Map.of("holdfast.queue.name", "second")));
        try {
            String configured = "(" + DurableQueue.QUEUE_NAME + "=configured)";
            DurableQueue q = service(DurableQueue.class, configured);
            for (int i = 0; i < 3; i++) {
                q.enqueue(message("cfg", i));
            }
            assertThatThrownBy(() -> q.enqueue(message("cfg", 3))).isInstanceOfSatisfying(QueueException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.CAPACITY));
            assertThat(q.stats().capacityMessages()).isEqualTo(3);
            assertThat(Path.of(context.getProperty(DATA_DIR), "store", "configured.db")).isRegularFile();
            ServiceReference<DurableQueue> ref = context.getServiceReferences(DurableQueue.class, configured).iterator()
                    .next();
            assertThat(ref.getProperty(Constants.SERVICE_PID)).isEqualTo(PID + "~configured");
            assertThat(ref.getProperty("kura.service.pid")).isEqualTo("configured-store");

            DurableQueue other = service(DurableQueue.class, "(" + DurableQueue.QUEUE_NAME + "=second)");
            long id = other.enqueue(message("second", 1));
            assertThat(other.take(10, Long.MAX_VALUE)).extracting(QueuedMessage::id).containsExactly(id);
            assertThat(Path.of(context.getProperty(DATA_DIR), "store", "second.db")).isRegularFile();
            assertThat(q.stats().depth()).as("two files, two queues").isEqualTo(3);
        } finally {
            cfg.delete();
            second.delete();
        }
        // without a configuration, the default queue runs on its defaults again
        await().atMost(TIMEOUT)
                .until(() -> context.getServiceReferences(DurableQueue.class, DEFAULT_QUEUE).size() == 1);
        assertThat(service(DurableQueue.class, DEFAULT_QUEUE).stats().capacityMessages()).isEqualTo(1_000_000);
    }

    @Test
    public void importsSqliteFromWhatKuraShips() {
        String imports = bundle(BSN).getHeaders().get(Constants.IMPORT_PACKAGE);
        assertThat(imports).contains("org.sqlite;version=\"[3.42,4)\"", "org.slf4j;version=\"[1.7,3)\"");
        assertThat(bundle(BSN).getHeaders().get(Constants.EXPORT_PACKAGE)).isNull();
    }

    /**
     * Updates the bundle while four producers enqueue: every enqueue that returned an id, before, during or after the
     * update, is in the queue exactly once afterwards, and the producers carried on with the new instance.
     */
    @Test
    public void anUpdateOfTheBundleWhileProducersEnqueueLosesAndDuplicatesNothing() throws Exception {
        Bundle store = bundle(BSN);
        BundleRevision before = store.adapt(BundleRevision.class);
        ServiceTracker<DurableQueue, DurableQueue> tracker = new ServiceTracker<>(context,
                context.createFilter(
                        "(&(" + Constants.OBJECTCLASS + "=" + DurableQueue.class.getName() + ")" + DEFAULT_QUEUE + ")"),
                null);
        tracker.open();
        Map<Long, String> committed = new ConcurrentHashMap<>();
        Set<Long> servicesUsed = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            String device = "swap-p" + p;
            producers.add(new Thread(() -> {
                long seq = 0;
                while (!stop.get()) {
                    try {
                        DurableQueue q = tracker.waitForService(1000);
                        ServiceReference<DurableQueue> ref = tracker.getServiceReference();
                        if (q == null || ref == null) {
                            continue;
                        }
                        long id = q.enqueue(message(device, seq));
                        servicesUsed.add((Long) ref.getProperty(Constants.SERVICE_ID));
                        String twice = committed.put(id, device + "#" + seq);
                        if (twice != null) {
                            failures.add(new AssertionError("id " + id + " given to " + twice + " and " + device));
                        }
                        seq++;
                    } catch (QueueException e) {
                        if (e.reason() == Reason.UNAVAILABLE) {
                            unavailable.incrementAndGet(); // the old instance is closing: retry with the next one
                        } else {
                            failures.add(e);
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
        }
        producers.forEach(Thread::start);
        try {
            await().atMost(TIMEOUT).until(() -> committed.size() >= 2000);

            store.update();

            assertThat(store.adapt(BundleRevision.class)).isNotSameAs(before);
            int atUpdate = committed.size();
            await().atMost(TIMEOUT).until(() -> servicesUsed.size() >= 2 && committed.size() >= atUpdate + 2000);
        } finally {
            stop.set(true);
            for (Thread t : producers) {
                t.join();
            }
            tracker.close();
        }
        assertThat(failures).isEmpty();
        assertThat(store.getState()).isEqualTo(Bundle.ACTIVE);

        DurableQueue q = service(DurableQueue.class, DEFAULT_QUEUE);
        Map<Long, String> stored = drain(q, "swap-");
        assertThat(stored.keySet()).isEqualTo(committed.keySet());
        assertThat(stored).isEqualTo(committed);
        assertThat(new HashSet<>(stored.values())).hasSameSizeAs(stored.keySet());
    }

    /** Takes and acknowledges every message, and returns those of devices starting with a prefix. */
    private static Map<Long, String> drain(DurableQueue q, String devicePrefix) throws QueueException {
        Map<Long, String> out = new HashMap<>();
        q.requeueInFlight();
        for (List<QueuedMessage> batch; !(batch = q.take(1000, Long.MAX_VALUE)).isEmpty();) {
            for (QueuedMessage m : batch) {
                if (m.message().deviceId() != null && m.message().deviceId().startsWith(devicePrefix)) {
                    String twice = out.put(m.id(), m.message().deviceId() + "#" + m.message().seq());
                    assertThat(twice).as("id %d taken twice", m.id()).isNull();
                }
            }
            q.ack(batch.stream().mapToLong(QueuedMessage::id).toArray());
        }
        return out;
    }

    private static OutboundMessage message(String device, long seq) {
        return OutboundMessage.builder("readings/" + device, (device + "#" + seq).getBytes(StandardCharsets.UTF_8))
                .reading(device, seq).build();
    }

    private record URLContent(String text) {
        static URLContent of(Bundle b, String entry) throws IOException {
            java.net.URL url = b.getEntry(entry);
            assertThat(url).as(entry).isNotNull();
            try (InputStream in = url.openStream()) {
                return new URLContent(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}
