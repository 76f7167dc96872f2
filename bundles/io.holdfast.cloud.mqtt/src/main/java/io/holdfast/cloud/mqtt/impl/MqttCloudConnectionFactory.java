package io.holdfast.cloud.mqtt.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudConnectionConstants;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.configuration.ConfigurationService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Kura's entry point for "+ new cloud connection": creates and deletes the factory configurations of
 * {@link MqttCloudEndpoint} through Kura's {@link ConfigurationService}, with a snapshot, so that they survive Kura's
 * reboot (Kura starts with a clean OSGi storage and restores configurations from its last snapshot). The user's PID
 * becomes the connection's {@code kura.service.pid}; deleting a connection also deletes the publishers and subscribers
 * that name it.
 */
@Component(name = MqttCloudConnectionFactory.PID, service = CloudConnectionFactory.class, property = {
        CloudConnectionFactory.KURA_CLOUD_CONNECTION_FACTORY_PID + "=" + MqttCloudEndpoint.PID,
        "kura.ui.service.hide=true" })
public final class MqttCloudConnectionFactory implements CloudConnectionFactory {

    /** Component name. */
    public static final String PID = "io.holdfast.cloud.mqtt.MqttCloudConnectionFactory";

    private static final String ENDPOINT_PID_PROP = CloudConnectionConstants.CLOUD_ENDPOINT_SERVICE_PID_PROP_NAME
            .value();
    private static final String FACTORY_PID_PROP = "service.factoryPid";

    private final ConfigurationService configurations;
    private final BundleContext context;

    /**
     * Activates the factory.
     *
     * @param configurations
     *            Kura's configuration service (in the standalone runtime, Holdfast's)
     * @param context
     *            to find the connections this factory made
     */
    @Activate
    public MqttCloudConnectionFactory(@Reference ConfigurationService configurations, BundleContext context) {
        this.configurations = configurations;
        this.context = context;
    }

    @Override
    public String getFactoryPid() {
        return MqttCloudEndpoint.PID;
    }

    @Override
    public void createConfiguration(String userPid) throws KuraException {
        if (userPid == null || userPid.isBlank()) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "the cloud connection PID is empty");
        }
        if (configurations.getConfigurableComponentPids().contains(userPid)) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "a component " + userPid + " exists");
        }
        configurations.createFactoryConfiguration(MqttCloudEndpoint.PID, userPid, null, true);
    }

    @Override
    public List<String> getStackComponentsPids(String userPid) throws KuraException {
        if (!getManagedCloudConnectionPids().contains(userPid)) {
            throw new KuraException(KuraErrorCode.NOT_FOUND, "no cloud connection " + userPid);
        }
        return List.of(userPid);
    }

    @Override
    public void deleteConfiguration(String userPid) throws KuraException {
        List<String> doomed = new ArrayList<>();
        String filter = "(&(" + ENDPOINT_PID_PROP + "=" + userPid + ")(|(" + FACTORY_PID_PROP + "="
                + MqttCloudPublisher.PID + ")(" + FACTORY_PID_PROP + "=" + MqttCloudSubscriber.PID + ")))";
        for (String pid : kuraPids(ConfigurableComponent.class, filter)) {
            doomed.add(pid);
        }
        doomed.add(userPid);
        for (int i = 0; i < doomed.size(); i++) {
            // one snapshot, after the last
            configurations.deleteFactoryConfiguration(doomed.get(i), i == doomed.size() - 1);
        }
    }

    @Override
    public Set<String> getManagedCloudConnectionPids() throws KuraException {
        return kuraPids(CloudEndpoint.class,
                "(" + KURA_CLOUD_CONNECTION_FACTORY_PID + "=" + MqttCloudEndpoint.PID + ")");
    }

    /** The {@code kura.service.pid} of the services of a type that match a filter. */
    private <S> Set<String> kuraPids(Class<S> type, String filter) throws KuraException {
        Collection<ServiceReference<S>> refs;
        try {
            refs = context.getServiceReferences(type, filter);
        } catch (InvalidSyntaxException e) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, e, filter);
        }
        Set<String> pids = new LinkedHashSet<>();
        for (ServiceReference<S> r : refs) {
            Object pid = r.getProperty(ConfigurationService.KURA_SERVICE_PID);
            if (pid != null) {
                pids.add(pid.toString());
            }
        }
        return pids;
    }
}
