package org.eclipse.kura.configuration;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Filter;

/**
 * Kura's configuration service: the configurations of the {@link ConfigurableComponent}s, factory configurations, and
 * snapshots of all of them from which Kura restores the configuration at every start.
 */
@ProviderType
public interface ConfigurationService {

    /** Configuration property holding the PID by which Kura knows a component. */
    public static final String KURA_SERVICE_PID = "kura.service.pid";

    /**
     * @return the factory PIDs of the components that have a metatype factory designate
     */
    public Set<String> getFactoryComponentPids();

    /**
     * Creates a factory configuration.
     *
     * @param factoryPid
     *            the factory PID
     * @param pid
     *            the PID of the new component, stored as {@link #KURA_SERVICE_PID}
     * @param properties
     *            the properties, or {@code null} for the metatype defaults
     * @param takeSnapshot
     *            whether to take a snapshot afterwards
     *
     * @throws KuraException
     *             if the configuration cannot be created
     */
    public void createFactoryConfiguration(String factoryPid, String pid, Map<String, Object> properties,
            boolean takeSnapshot) throws KuraException;

    /**
     * Deletes a factory configuration.
     *
     * @param pid
     *            the {@link #KURA_SERVICE_PID} of the component
     * @param takeSnapshot
     *            whether to take a snapshot afterwards
     *
     * @throws KuraException
     *             if the configuration cannot be deleted
     */
    public void deleteFactoryConfiguration(String pid, boolean takeSnapshot) throws KuraException;

    /**
     * @return the PIDs of the tracked configurable components
     */
    public Set<String> getConfigurableComponentPids();

    /**
     * @return the configurations of the tracked configurable components
     *
     * @throws KuraException
     *             if they cannot be read
     */
    public List<ComponentConfiguration> getComponentConfigurations() throws KuraException;

    /**
     * @param filter
     *            selects components by their service properties
     *
     * @return the configurations of the tracked configurable components the filter matches
     *
     * @throws KuraException
     *             if they cannot be read
     */
    public List<ComponentConfiguration> getComponentConfigurations(Filter filter) throws KuraException;

    /**
     * @param pid
     *            the component's PID
     *
     * @return the component's configuration, or {@code null} if it is not tracked
     *
     * @throws KuraException
     *             if it cannot be read
     */
    public ComponentConfiguration getComponentConfiguration(String pid) throws KuraException;

    /**
     * @param pid
     *            the component's PID
     *
     * @return the component's configuration made of its metatype defaults
     *
     * @throws KuraException
     *             if it cannot be read
     */
    public ComponentConfiguration getDefaultComponentConfiguration(String pid) throws KuraException;

    /**
     * Updates a component's configuration and takes a snapshot.
     *
     * @param pid
     *            the component's PID
     * @param properties
     *            the new properties, checked against the component's metatype
     *
     * @throws KuraException
     *             if the update fails
     */
    public void updateConfiguration(String pid, Map<String, Object> properties) throws KuraException;

    /**
     * Updates a component's configuration.
     *
     * @param pid
     *            the component's PID
     * @param properties
     *            the new properties, checked against the component's metatype
     * @param takeSnapshot
     *            whether to take a snapshot afterwards
     *
     * @throws KuraException
     *             if the update fails
     */
    public void updateConfiguration(String pid, Map<String, Object> properties, boolean takeSnapshot)
            throws KuraException;

    /**
     * Updates several configurations and takes a snapshot.
     *
     * @param configs
     *            the configurations
     *
     * @throws KuraException
     *             if an update fails
     */
    public void updateConfigurations(List<ComponentConfiguration> configs) throws KuraException;

    /**
     * Updates several configurations.
     *
     * @param configs
     *            the configurations
     * @param takeSnapshot
     *            whether to take a snapshot afterwards
     *
     * @throws KuraException
     *             if an update fails
     */
    public void updateConfigurations(List<ComponentConfiguration> configs, boolean takeSnapshot) throws KuraException;

    /**
     * @return the ids of the stored snapshots; an id is the time the snapshot was taken, in ms since the epoch
     *
     * @throws KuraException
     *             if they cannot be listed
     */
    public Set<Long> getSnapshots() throws KuraException;

    /**
     * @param sid
     *            a snapshot id
     *
     * @return the configurations the snapshot holds
     *
     * @throws KuraException
     *             if the snapshot cannot be read
     */
    public List<ComponentConfiguration> getSnapshot(long sid) throws KuraException;

    /**
     * Takes a snapshot of the current configurations.
     *
     * @return the new snapshot's id
     *
     * @throws KuraException
     *             if it cannot be written
     */
    public long snapshot() throws KuraException;

    /**
     * Rolls back to the newest snapshot.
     *
     * @return the id of the snapshot rolled back to
     *
     * @throws KuraException
     *             if there is no snapshot or the rollback fails
     */
    public long rollback() throws KuraException;

    /**
     * Rolls back to a snapshot.
     *
     * @param id
     *            the snapshot id
     *
     * @throws KuraException
     *             if the rollback fails
     */
    public void rollback(long id) throws KuraException;
}
