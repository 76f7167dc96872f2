package io.holdfast.configuration.it;

import static io.holdfast.testkit.HoldfastOptions.DATA_DIR;
import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.gatewayRuntime;
import static io.holdfast.testkit.HoldfastOptions.projectBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.testkit.HoldfastTestSupport;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.configuration.ComponentConfiguration;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.configuration.ConfigurationService;
import org.eclipse.kura.configuration.metatype.AD;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeProvider;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The standalone ConfigurationService on the real Config Admin and MetaType: a factory component (a managed service
 * factory with a metatype, registering a ConfigurableComponent per configuration, as SCR does for a DS factory
 * component) is created, updated and deleted through it, and rolled back from its snapshot file.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationServiceIT extends HoldfastTestSupport {
    private static final String FACTORY = "io.holdfast.configuration.it.Greeter";
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final Map<String, ServiceRegistration<ConfigurableComponent>> instances = new ConcurrentHashMap<>();

    @Configuration
    public Option[] config() {
        return options(gatewayRuntime(bundleOf(ConfigurableComponent.class), projectBundle()));
    }

    @After
    public void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
        instances.values().forEach(ServiceRegistration::unregister);
        instances.clear();
    }

    @Test
    public void createsUpdatesDeletesAndRollsBackAFactoryConfiguration() throws Exception {
        ConfigurationService cs = service(ConfigurationService.class, null);
        ConfigurationAdmin ca = service(ConfigurationAdmin.class, null);
        registerGreeterFactory();
        await().atMost(TIMEOUT).until(() -> cs.getFactoryComponentPids().contains(FACTORY));

        cs.createFactoryConfiguration(FACTORY, "greeter-1", Map.of("greeting", "hi"), true);

        org.osgi.service.cm.Configuration[] created = ca.listConfigurations("(kura.service.pid=greeter-1)");
        assertThat(created).hasSize(1);
        assertThat(created[0].getFactoryPid()).isEqualTo(FACTORY);
        assertThat(created[0].getProperties().get("greeting")).isEqualTo("hi");
        assertThat(created[0].getProperties().get("count")).isEqualTo(5); // the metatype default, typed
        await().atMost(TIMEOUT).until(() -> cs.getConfigurableComponentPids().contains("greeter-1"));
        ComponentConfiguration cc = cs.getComponentConfiguration("greeter-1");
        assertThat(cc.getDefinition().getAD()).extracting(AD::getId).containsExactly("greeting", "count");
        assertThat(cc.getConfigurationProperties()).containsEntry("greeting", "hi");
        assertThat(newestSnapshot(cs)).contains("pid=\"greeter-1\"").contains(FACTORY);

        assertThatThrownBy(() -> cs.updateConfiguration("greeter-1", Map.of("count", "-1"))).isInstanceOfSatisfying(
                KuraException.class,
                e -> assertThat(e.getCode()).isEqualTo(KuraErrorCode.CONFIGURATION_ATTRIBUTE_INVALID));
        cs.updateConfiguration("greeter-1", Map.of("count", "7"));
        assertThat(ca.listConfigurations("(kura.service.pid=greeter-1)")[0].getProperties().get("count")).isEqualTo(7);
        assertThat(ca.listConfigurations("(kura.service.pid=greeter-1)")[0].getProperties().get("greeting"))
                .isEqualTo("hi");

        cs.deleteFactoryConfiguration("greeter-1", true);
        assertThat(ca.listConfigurations("(kura.service.pid=greeter-1)")).isNull();
        assertThat(newestSnapshot(cs)).doesNotContain("greeter-1");
        await().atMost(TIMEOUT).until(() -> !cs.getConfigurableComponentPids().contains("greeter-1"));

        cs.rollback();
        org.osgi.service.cm.Configuration[] restored = ca.listConfigurations("(kura.service.pid=greeter-1)");
        assertThat(restored).hasSize(1);
        assertThat(restored[0].getFactoryPid()).isEqualTo(FACTORY);
        assertThat(restored[0].getProperties().get("count")).isEqualTo(7);
        await().atMost(TIMEOUT).until(() -> cs.getConfigurableComponentPids().contains("greeter-1"));

        cs.deleteFactoryConfiguration("greeter-1", false);
    }

    @Test
    public void refusesADuplicatePidAndANullPid() throws Exception {
        ConfigurationService cs = service(ConfigurationService.class, null);
        registerGreeterFactory();
        await().atMost(TIMEOUT).until(() -> cs.getFactoryComponentPids().contains(FACTORY));
        cs.createFactoryConfiguration(FACTORY, "greeter-2", null, false);
        assertThatThrownBy(() -> cs.createFactoryConfiguration(FACTORY, "greeter-2", null, false))
                .isInstanceOfSatisfying(KuraException.class,
                        e -> assertThat(e.getCode()).isEqualTo(KuraErrorCode.INVALID_PARAMETER));
        assertThatThrownBy(() -> cs.createFactoryConfiguration(FACTORY, null, null, false))
                .isInstanceOf(KuraException.class);
        cs.deleteFactoryConfiguration("greeter-2", false);
    }

    private String newestSnapshot(ConfigurationService cs) throws Exception {
        Set<Long> ids = cs.getSnapshots();
        assertThat(ids).isNotEmpty();
        long newest = ids.stream().mapToLong(Long::longValue).max().getAsLong();
        Path file = Path.of(context.getProperty(DATA_DIR), "snapshots", "snapshot_" + newest + ".xml");
        assertThat(file).exists();
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What SCR does for a DS factory component with a metatype, written out: one ConfigurableComponent per config. */
    private void registerGreeterFactory() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_PID, FACTORY);
        props.put(MetaTypeProvider.METATYPE_FACTORY_PID, FACTORY);
        registrations.add(context.registerService(
                new String[] { ManagedServiceFactory.class.getName(), MetaTypeProvider.class.getName() },
                new GreeterFactory(), props));
    }

    /** The factory and its metatype: greeting (String, default hello), count (Integer 0..100, default 5). */
    private final class GreeterFactory implements ManagedServiceFactory, MetaTypeProvider {

        @Override
        public String getName() {
            return "greeter";
        }

        @Override
        public void updated(String pid, Dictionary<String, ?> properties) {
            Hashtable<String, Object> p = new Hashtable<>();
            p.put(Constants.SERVICE_PID, pid);
            p.put(ConfigurationAdmin.SERVICE_FACTORYPID, FACTORY);
            p.put(ConfigurationService.KURA_SERVICE_PID, properties.get(ConfigurationService.KURA_SERVICE_PID));
            instances.computeIfAbsent(pid,
                    k -> context.registerService(ConfigurableComponent.class, new ConfigurableComponent() {
                    }, p)).setProperties(p);
        }

        @Override
        public void deleted(String pid) {
            ServiceRegistration<ConfigurableComponent> r = instances.remove(pid);
            if (r != null) {
                r.unregister();
            }
        }

        @Override
        public String[] getLocales() {
            return null;
        }

        @Override
        public ObjectClassDefinition getObjectClassDefinition(String id, String locale) {
            AttributeDefinition[] ads = { attribute("greeting", AttributeDefinition.STRING, "hello"),
                    attribute("count", AttributeDefinition.INTEGER, "5") };
            return new ObjectClassDefinition() {
                @Override
                public String getName() {
                    return "Greeter";
                }

                @Override
                public String getID() {
                    return FACTORY;
                }

                @Override
                public String getDescription() {
                    return "A test factory";
                }

                @Override
                public AttributeDefinition[] getAttributeDefinitions(int filter) {
                    return filter == OPTIONAL ? new AttributeDefinition[0] : ads;
                }

                @Override
                public InputStream getIcon(int size) {
                    return null;
                }
            };
        }

        private AttributeDefinition attribute(String id, int type, String def) {
            return new AttributeDefinition() {
                @Override
                public String getName() {
                    return id;
                }

                @Override
                public String getID() {
                    return id;
                }

                @Override
                public String getDescription() {
                    return id;
                }

                @Override
                public int getCardinality() {
                    return 0;
                }

                @Override
                public int getType() {
                    return type;
                }

                @Override
                public String[] getOptionValues() {
                    return null;
                }

                @Override
                public String[] getOptionLabels() {
                    return null;
                }

                @Override
                public String validate(String value) {
                    if (type != INTEGER) {
                        return "";
                    }
                    try {
                        int n = Integer.parseInt(value.trim());
                        return n >= 0 && n <= 100 ? "" : "not between 0 and 100";
                    } catch (NumberFormatException e) {
                        return "not an integer";
                    }
                }

                @Override
                public String[] getDefaultValue() {
                    return new String[] { def };
                }
            };
        }
    }
}
