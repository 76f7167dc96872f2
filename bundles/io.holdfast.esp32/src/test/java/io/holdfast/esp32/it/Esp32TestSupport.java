package io.holdfast.esp32.it;

import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.gatewayRuntime;
import static io.holdfast.testkit.HoldfastOptions.projectBundle;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.api.status.StatusProvider;
import io.holdfast.testkit.HoldfastTestSupport;
import io.holdfast.testkit.RecordingPublisher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.junit.After;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** What the driver's in-container tests share: the runtime, a recording CloudPublisher, configuration helpers. */
public abstract class Esp32TestSupport extends HoldfastTestSupport {

    static final String GATEWAY = "io.holdfast.esp32.Esp32Driver";
    static final String TCP = "io.holdfast.esp32.TcpLink";
    static final String SERIAL = "io.holdfast.esp32.SerialLink";
    static final String MQTT = "io.holdfast.esp32.MqttIngestLink";
    static final String PUBLISHER_PID = "esp32-it-publisher";

    private final List<Configuration> configs = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    /** The gateway runtime plus the driver and the libraries it needs, the seed's codecs, and the simulator. */
    static Option[] esp32Runtime() {
        return options(gatewayRuntime(projectBundle(), bundleOf(io.holdfast.api.reading.Reading.class),
                bundleOf(io.holdfast.sensor.seed.impl.RssiCodec.class), bundleOf(org.eclipse.kura.KuraException.class),
                bundleOf(com.fazecast.jSerialComm.SerialPort.class),
                bundleOf(org.eclipse.paho.client.mqttv3.MqttClient.class), bundleOf(com.google.gson.Gson.class),
                bundleOf(io.holdfast.simulator.SimDevice.class)));
    }

    @After
    public void cleanUp() throws IOException {
        for (Configuration c : configs) {
            try {
                c.delete();
            } catch (IllegalStateException e) {
                // already deleted
            }
        }
        configs.clear();
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already unregistered
            }
        }
        registrations.clear();
    }

    ServiceRegistration<CloudPublisher> register(RecordingPublisher p) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("kura.service.pid", PUBLISHER_PID);
        ServiceRegistration<CloudPublisher> r = context.registerService(CloudPublisher.class, p, props);
        registrations.add(r);
        return r;
    }

    <T> ServiceRegistration<T> register(Class<T> type, T service, Map<String, Object> properties) {
        ServiceRegistration<T> r = context.registerService(type, service, new Hashtable<>(properties));
        registrations.add(r);
        return r;
    }

    ConfigurationAdmin configAdmin() {
        return service(ConfigurationAdmin.class, null);
    }

    /** Configures the pipeline: the test's publisher, plus overrides. */
    Configuration configureGateway(Map<String, Object> overrides) throws IOException {
        Configuration c = configAdmin().getConfiguration(GATEWAY, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("CloudPublisher.target", "(kura.service.pid=" + PUBLISHER_PID + ")");
        overrides.forEach(props::put);
        c.update(props);
        if (!configs.contains(c)) {
            configs.add(c);
        }
        return c;
    }

    /** Creates one instance of a factory component (a link). */
    Configuration createLink(String factoryPid, Map<String, Object> properties) throws IOException {
        Configuration c = configAdmin().createFactoryConfiguration(factoryPid, "?");
        c.update(new Hashtable<>(properties));
        configs.add(c);
        return c;
    }

    GatewayStatus gatewayStatus() {
        return service(StatusProvider.class, "(component.name=" + GATEWAY + ")").status();
    }

    /** The status of the link created by a configuration. */
    LinkStatus linkStatus(Configuration link) {
        try {
            for (ServiceReference<StatusProvider> ref : context.getServiceReferences(StatusProvider.class,
                    "(service.pid=" + link.getPid() + ")")) {
                StatusProvider p = context.getService(ref);
                try {
                    return p.status().links().get(0);
                } finally {
                    context.ungetService(ref);
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        return null;
    }

    void awaitLink(Configuration link, LinkStatus.State state) {
        await().atMost(TIMEOUT).until(() -> {
            LinkStatus s = linkStatus(link);
            return s != null && s.state() == state;
        });
    }

    long counter(String name) {
        return gatewayStatus().counter(name);
    }
}
