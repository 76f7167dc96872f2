package io.holdfast.cloud.mqtt.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudConnectionConstants;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.configuration.ConfigurationService;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Kura's entry point for "+ new cloud connection": creates and deletes the factory configurations of
 * {@link MqttCloudEndpoint} (the user's PID becomes its {@code kura.service.pid}); deleting one also deletes the
 * publishers and subscribers that name it.
 */
@Component(name = MqttCloudConnectionFactory.PID, service = CloudConnectionFactory.class, property = {
        CloudConnectionFactory.KURA_CLOUD_CONNECTION_FACTORY_PID + "=" + MqttCloudEndpoint.PID,
        "kura.ui.service.hide=true" })
public final class MqttCloudConnectionFactory implements CloudConnectionFactory {

    /** Component name. */
    public static final String PID = "io.holdfast.cloud.mqtt.MqttCloudConnectionFactory";

    private static final String ENDPOINT_PID_PROP = CloudConnectionConstants.CLOUD_ENDPOINT_SERVICE_PID_PROP_NAME
            .value();

    private final ConfigurationAdmin configAdmin;

    /**
     * Activates the factory.
     *
     * @param configAdmin
     *            where the configurations live
     */
    @Activate
    public MqttCloudConnectionFactory(@Reference ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
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
        if (find(MqttCloudEndpoint.PID, ConfigurationService.KURA_SERVICE_PID, userPid).size() > 0) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "a cloud connection " + userPid + " exists");
        }
        try {
            Configuration c = configAdmin.createFactoryConfiguration(MqttCloudEndpoint.PID, "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(ConfigurationService.KURA_SERVICE_PID, userPid);
            c.update(props);
        } catch (IOException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_ERROR, e, "cannot create " + userPid);
        }
    }

    @Override
    public List<String> getStackComponentsPids(String userPid) throws KuraException {
        if (find(MqttCloudEndpoint.PID, ConfigurationService.KURA_SERVICE_PID, userPid).isEmpty()) {
            throw new KuraException(KuraErrorCode.NOT_FOUND, "no cloud connection " + userPid);
        }
        return List.of(userPid);
    }

    @Override
    public void deleteConfiguration(String userPid) throws KuraException {
        List<Configuration> doomed = new ArrayList<>(
                find(MqttCloudEndpoint.PID, ConfigurationService.KURA_SERVICE_PID, userPid));
        doomed.addAll(find(MqttCloudPublisher.PID, ENDPOINT_PID_PROP, userPid));
        doomed.addAll(find(MqttCloudSubscriber.PID, ENDPOINT_PID_PROP, userPid));
        for (Configuration c : doomed) {
            try {
                c.delete();
            } catch (IOException | IllegalStateException e) {
                throw new KuraException(KuraErrorCode.CONFIGURATION_ERROR, e, "cannot delete " + c.getPid());
            }
        }
    }

    @Override
    public Set<String> getManagedCloudConnectionPids() throws KuraException {
        Set<String> pids = new LinkedHashSet<>();
        for (Configuration c : list("(service.factoryPid=" + MqttCloudEndpoint.PID + ")")) {
            Object kura = c.getProperties() == null ? null
                    : c.getProperties().get(ConfigurationService.KURA_SERVICE_PID);
            pids.add(kura == null ? c.getPid() : kura.toString());
        }
        return pids;
    }

    private List<Configuration> find(String factoryPid, String key, String value) throws KuraException {
        List<Configuration> out = new ArrayList<>();
        for (Configuration c : list("(service.factoryPid=" + factoryPid + ")")) {
            Dictionary<String, Object> p = c.getProperties();
            Object v = p == null ? null : p.get(key);
            if (value.equals(v) || key.equals(ConfigurationService.KURA_SERVICE_PID) && value.equals(c.getPid())) {
                out.add(c);
            }
        }
        return out;
    }

    private List<Configuration> list(String filter) throws KuraException {
        try {
            Configuration[] all = configAdmin.listConfigurations(filter);
            return all == null ? List.of() : List.of(all);
        } catch (IOException | InvalidSyntaxException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_ERROR, e, "cannot list configurations");
        }
    }
}
