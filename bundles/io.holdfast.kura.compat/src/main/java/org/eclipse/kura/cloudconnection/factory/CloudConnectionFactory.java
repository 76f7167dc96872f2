package org.eclipse.kura.cloudconnection.factory;

import java.util.List;
import java.util.Set;
import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates and deletes the configurations of the components that make up a cloud connection (its "stack").
 */
@ProviderType
public interface CloudConnectionFactory {

    /** Service property naming the factory PID of the connections a factory creates. */
    String KURA_CLOUD_CONNECTION_FACTORY_PID = "kura.cloud.connection.factory.pid";

    /** @return the factory PID of the cloud endpoints this factory creates */
    String getFactoryPid();

    /**
     * Creates the configurations of a new cloud connection.
     *
     * @param userPid
     *            the PID of the new cloud endpoint
     *
     * @throws KuraException
     *             if the configurations cannot be created
     */
    void createConfiguration(String userPid) throws KuraException;

    /**
     * The PIDs of the components of a cloud connection.
     *
     * @param userPid
     *            the PID of the cloud endpoint
     *
     * @return the PIDs
     *
     * @throws KuraException
     *             if the connection is unknown
     */
    List<String> getStackComponentsPids(String userPid) throws KuraException;

    /**
     * Deletes the configurations of a cloud connection.
     *
     * @param userPid
     *            the PID of the cloud endpoint
     *
     * @throws KuraException
     *             if the configurations cannot be deleted
     */
    void deleteConfiguration(String userPid) throws KuraException;

    /**
     * The PIDs of the cloud endpoints this factory manages.
     *
     * @return the PIDs
     *
     * @throws KuraException
     *             if they cannot be listed
     */
    Set<String> getManagedCloudConnectionPids() throws KuraException;
}
