package io.holdfast.configuration.impl;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.configuration.ComponentConfiguration;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.configuration.ConfigurationService;
import org.eclipse.kura.configuration.Password;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kura's {@link ConfigurationService} on Config Admin and MetaType, for the standalone runtime (Kura has its own). It
 * tracks the {@link ConfigurableComponent} services that carry {@code service.pid} and {@code kura.service.pid}, as
 * Kura does, and keeps snapshots in {@code <holdfast.data.dir>/snapshots} ({@link Snapshots}). Unlike Kura it does not
 * load a snapshot at start: the standalone runtime's Config Admin keeps its own storage across restarts.
 */
@Component(name = ConfigurationServiceImpl.PID, service = ConfigurationService.class, immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConfigurationServiceConfig.class)
public class ConfigurationServiceImpl implements ConfigurationService {
    static final String PID = "io.holdfast.configuration.ConfigurationService";
    static final String DATA_DIR = "holdfast.data.dir";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationServiceImpl.class);

    private final ConfigurationAdmin configAdmin;
    private final MetaTypes metaTypes;
    private final Snapshots snapshots;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

    /** A tracked component: its Kura PID, Config Admin PID, factory PID (or {@code null}) and service. */
    record Tracked(String kuraPid, String servicePid, String factoryPid, ServiceReference<?> ref) {
    }

    @Activate
    public ConfigurationServiceImpl(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference org.osgi.service.metatype.MetaTypeService metaType, ConfigurationServiceConfig config) {
        this(configAdmin, new MetaTypes(context, metaType), snapshotDir(context), config.snapshots_keep());
    }

    ConfigurationServiceImpl(ConfigurationAdmin configAdmin, MetaTypes metaTypes, Path snapshotDir, int keep) {
        this.configAdmin = configAdmin;
        this.metaTypes = metaTypes;
        this.snapshots = new Snapshots(snapshotDir, keep);
        LOG.info("Configuration service: snapshots in {}, {} kept", snapshotDir, keep);
    }

    private static Path snapshotDir(BundleContext context) {
        String dir = context.getProperty(DATA_DIR);
        return dir != null && !dir.isBlank() ? Path.of(dir, "snapshots") : context.getDataFile("snapshots").toPath();
    }

    @Reference(service = ConfigurableComponent.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addConfigurableComponent(ServiceReference<ConfigurableComponent> ref) {
        String factoryPid = string(ref.getProperty(ConfigurationAdmin.SERVICE_FACTORYPID));
        String servicePid = servicePid(ref.getProperty(Constants.SERVICE_PID), factoryPid);
        String kuraPid = string(ref.getProperty(KURA_SERVICE_PID));
        if (servicePid == null || kuraPid == null) {
            LOG.info("ConfigurableComponent of {} without {} and {}: not tracked", ref.getBundle(),
                    Constants.SERVICE_PID, KURA_SERVICE_PID);
            return;
        }
        tracked.put(kuraPid, new Tracked(kuraPid, servicePid, factoryPid, ref));
    }

    /**
     * DS may list a component's declared service.pid beside its configuration's; the configuration's is the one that is
     * not the factory PID.
     */
    static String servicePid(Object value, String factoryPid) {
        List<String> pids = Definitions.strings(value);
        return pids.stream().filter(p -> !p.equals(factoryPid)).findFirst().orElse(pids.isEmpty() ? null : pids.get(0));
    }

    void removeConfigurableComponent(ServiceReference<ConfigurableComponent> ref) {
        tracked.values().removeIf(t -> t.ref().equals(ref));
    }

    @Override
    public Set<String> getFactoryComponentPids() {
        return metaTypes.factoryPids();
    }

    @Override
    public Set<String> getConfigurableComponentPids() {
        return Collections.unmodifiableSet(new TreeSet<>(tracked.keySet()));
    }

    @Override
    public List<ComponentConfiguration> getComponentConfigurations() throws KuraException {
        return getComponentConfigurations(null);
    }

    @Override
    public List<ComponentConfiguration> getComponentConfigurations(Filter filter) throws KuraException {
        List<ComponentConfiguration> out = new ArrayList<>();
        for (Tracked t : new TreeMap<>(tracked).values()) {
            if (filter == null || filter.match(t.ref())) {
                out.add(new SimpleComponentConfiguration(t.kuraPid(), Definitions.view(metaTypes.ocd(t)), current(t)));
            }
        }
        return out;
    }

    @Override
    public ComponentConfiguration getComponentConfiguration(String pid) throws KuraException {
        Tracked t = pid == null ? null : tracked.get(pid);
        return t == null ? null : new SimpleComponentConfiguration(pid, Definitions.view(metaTypes.ocd(t)), current(t));
    }

    @Override
    public ComponentConfiguration getDefaultComponentConfiguration(String pid) throws KuraException {
        Tracked t = pid == null ? null : tracked.get(pid);
        var ocd = t != null ? metaTypes.ocd(t) : metaTypes.ocd(pid);
        Map<String, Object> defaults = new LinkedHashMap<>();
        Definitions.mergeDefaults(ocd, defaults);
        return new SimpleComponentConfiguration(pid, Definitions.view(ocd), defaults);
    }

    @Override
    public void updateConfiguration(String pid, Map<String, Object> properties) throws KuraException {
        updateConfiguration(pid, properties, true);
    }

    @Override
    public synchronized void updateConfiguration(String pid, Map<String, Object> properties, boolean takeSnapshot)
            throws KuraException {
        if (update(pid, properties) && takeSnapshot) {
            snapshot();
        }
    }

    @Override
    public void updateConfigurations(List<ComponentConfiguration> configs) throws KuraException {
        updateConfigurations(configs, true);
    }

    @Override
    public synchronized void updateConfigurations(List<ComponentConfiguration> configs, boolean takeSnapshot)
            throws KuraException {
        KuraException first = null;
        for (ComponentConfiguration c : configs) {
            try {
                update(c.getPid(), c.getConfigurationProperties());
            } catch (KuraException e) {
                LOG.warn("Configuration of {} not updated: {}", c.getPid(), e.getMessage());
                first = first == null ? e : first;
            }
        }
        if (takeSnapshot) {
            snapshot();
        }
        if (first != null) {
            throw first;
        }
    }

    /** As Kura: an untracked PID or {@code null} properties are ignored (with a warning); returns whether updated. */
    private boolean update(String pid, Map<String, Object> properties) throws KuraException {
        Tracked t = pid == null ? null : tracked.get(pid);
        if (t == null || properties == null) {
            LOG.warn("Configuration update of {} ignored: {}", pid,
                    t == null ? "no ConfigurableComponent with that kura.service.pid" : "no properties");
            return false;
        }
        var ocd = metaTypes.ocd(t);
        Map<String, Object> merged = new HashMap<>();
        Definitions.mergeDefaults(ocd, merged);
        try {
            Configuration c = find(Constants.SERVICE_PID, t.servicePid());
            if (c != null && c.getProperties() != null) {
                merged.putAll(map(c.getProperties()));
            }
            merged.putAll(properties);
            merged.putIfAbsent(KURA_SERVICE_PID, pid);
            Definitions.validate(ocd, merged);
            configAdmin.getConfiguration(t.servicePid(), "?").update(dictionary(merged));
            LOG.info("Configuration of {} updated", pid);
            return true;
        } catch (IOException | InvalidSyntaxException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_UPDATE, e, pid);
        }
    }

    @Override
    public synchronized void createFactoryConfiguration(String factoryPid, String pid, Map<String, Object> properties,
            boolean takeSnapshot) throws KuraException {
        if (pid == null || factoryPid == null) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER,
                    (pid == null ? "pid" : "factoryPid") + " cannot be null");
        }
        try {
            if (tracked.containsKey(pid) || find(KURA_SERVICE_PID, pid) != null) {
                throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "pid " + pid + " already exists");
            }
            var ocd = metaTypes.ocd(factoryPid);
            Map<String, Object> merged = new HashMap<>();
            Definitions.mergeDefaults(ocd, merged);
            if (properties != null) {
                merged.putAll(properties);
            }
            merged.put(KURA_SERVICE_PID, pid);
            Definitions.validate(ocd, merged);
            Configuration c = configAdmin.createFactoryConfiguration(factoryPid, "?");
            c.update(dictionary(merged));
            LOG.info("Factory configuration {} of {} created as {}", pid, factoryPid, c.getPid());
        } catch (IOException | InvalidSyntaxException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_ERROR, e,
                    "Cannot create component instance for factory " + factoryPid);
        }
        if (takeSnapshot) {
            snapshot();
        }
    }

    @Override
    public synchronized void deleteFactoryConfiguration(String pid, boolean takeSnapshot) throws KuraException {
        if (pid == null) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "pid cannot be null");
        }
        try {
            Configuration c = find(KURA_SERVICE_PID, pid);
            if (c == null || c.getFactoryPid() == null) {
                // as Kura: nothing to delete is a warning, not an error
                LOG.warn("No factory configuration with {}={}: nothing deleted", KURA_SERVICE_PID, pid);
                return;
            }
            c.delete();
            tracked.remove(pid);
            LOG.info("Factory configuration {} deleted", pid);
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_ERROR, e, "Cannot delete component instance " + pid);
        }
        if (takeSnapshot) {
            snapshot();
        }
    }

    @Override
    public Set<Long> getSnapshots() throws KuraException {
        try {
            return snapshots.ids();
        } catch (IOException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_SNAPSHOT_LISTING, e);
        }
    }

    @Override
    public List<ComponentConfiguration> getSnapshot(long sid) throws KuraException {
        try {
            return snapshots.read(sid);
        } catch (NoSuchFileException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_SNAPSHOT_NOT_FOUND, e, sid);
        } catch (IOException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_SNAPSHOT_LOADING, e, sid);
        }
    }

    /** Every tracked component's configuration, and every Config Admin configuration with a Kura PID. */
    @Override
    public synchronized long snapshot() throws KuraException {
        try {
            Map<String, ComponentConfiguration> all = new TreeMap<>();
            for (Tracked t : tracked.values()) {
                all.put(t.kuraPid(), new SimpleComponentConfiguration(t.kuraPid(), null, current(t)));
            }
            Configuration[] configs = configAdmin.listConfigurations("(" + KURA_SERVICE_PID + "=*)");
            for (Configuration c : configs == null ? new Configuration[0] : configs) {
                Map<String, Object> props = map(c.getProperties());
                all.putIfAbsent(string(props.get(KURA_SERVICE_PID)),
                        new SimpleComponentConfiguration(string(props.get(KURA_SERVICE_PID)), null, props));
            }
            long id = snapshots.write(new ArrayList<>(all.values()));
            LOG.info("Snapshot {} written: {} configurations", id, all.size());
            return id;
        } catch (IOException | InvalidSyntaxException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_SNAPSHOT_TAKING, e);
        }
    }

    /** As Kura: back to the snapshot before the newest one (the newest records the running configuration). */
    @Override
    public long rollback() throws KuraException {
        List<Long> ids = new ArrayList<>(getSnapshots());
        if (ids.size() < 2) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_SNAPSHOT_NOT_FOUND, null, "No Snapshot Available");
        }
        long id = ids.get(ids.size() - 2);
        rollback(id);
        return id;
    }

    /**
     * Restores every configuration of a snapshot (factory configurations it lacks are deleted, those it has are created
     * or updated), then takes a snapshot of the result.
     */
    @Override
    public synchronized void rollback(long id) throws KuraException {
        List<ComponentConfiguration> configs = getSnapshot(id);
        Set<String> kept = new HashSet<>();
        try {
            for (ComponentConfiguration cc : configs) {
                kept.add(cc.getPid());
                restore(cc);
            }
            Configuration[] existing = configAdmin.listConfigurations("(" + KURA_SERVICE_PID + "=*)");
            for (Configuration c : existing == null ? new Configuration[0] : existing) {
                String kuraPid = string(c.getProperties().get(KURA_SERVICE_PID));
                if (c.getFactoryPid() != null && !kept.contains(kuraPid)) {
                    c.delete();
                    tracked.remove(kuraPid);
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_ROLLBACK, e);
        }
        LOG.info("Rolled back to snapshot {}", id);
        snapshot();
    }

    private void restore(ComponentConfiguration cc) throws IOException, InvalidSyntaxException {
        Map<String, Object> props = new HashMap<>(cc.getConfigurationProperties());
        String factoryPid = string(props.remove(ConfigurationAdmin.SERVICE_FACTORYPID));
        String servicePid = string(props.remove(Constants.SERVICE_PID));
        props.put(KURA_SERVICE_PID, cc.getPid());
        if (factoryPid != null) {
            Configuration c = find(KURA_SERVICE_PID, cc.getPid());
            (c != null ? c : configAdmin.createFactoryConfiguration(factoryPid, "?")).update(dictionary(props));
        } else {
            Tracked t = tracked.get(cc.getPid());
            String pid = t != null ? t.servicePid() : servicePid != null ? servicePid : cc.getPid();
            configAdmin.getConfiguration(pid, "?").update(dictionary(props));
        }
    }

    /** The running configuration: Config Admin's, or the definition's defaults if it has none yet. */
    private Map<String, Object> current(Tracked t) throws KuraException {
        try {
            Configuration c = find(Constants.SERVICE_PID, t.servicePid());
            if (c != null && c.getProperties() != null) {
                return map(c.getProperties());
            }
        } catch (IOException | InvalidSyntaxException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_ERROR, e,
                    "cannot read the configuration of " + t.kuraPid());
        }
        Map<String, Object> props = new LinkedHashMap<>();
        Definitions.mergeDefaults(metaTypes.ocd(t), props);
        props.put(KURA_SERVICE_PID, t.kuraPid());
        return props;
    }

    private Configuration find(String key, String value) throws IOException, InvalidSyntaxException {
        Configuration[] found = configAdmin.listConfigurations("(" + key + "=" + escape(value) + ")");
        return found == null || found.length == 0 ? null : found[0];
    }

    static String escape(String value) {
        StringBuilder sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static Map<String, Object> map(Dictionary<String, Object> dict) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Enumeration<String> keys = dict.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            out.put(k, dict.get(k));
        }
        return out;
    }

    /** Config Admin's form of properties: no {@code null} values, passwords as strings. */
    static Dictionary<String, Object> dictionary(Map<String, Object> props) {
        Hashtable<String, Object> dict = new Hashtable<>();
        props.forEach((k, v) -> {
            if (v instanceof Password p) {
                dict.put(k, new String(p.getPassword()));
            } else if (v instanceof Password[] ps) {
                String[] s = new String[ps.length];
                for (int i = 0; i < ps.length; i++) {
                    s[i] = new String(ps[i].getPassword());
                }
                dict.put(k, s);
            } else if (v instanceof Collection<?> c) {
                dict.put(k, new ArrayList<>(c));
            } else if (v != null) {
                dict.put(k, v);
            }
        });
        return dict;
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
