package org.eclipse.kura.cloudconnection;

import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraDisconnectException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Controls a cloud connection that has a connection state.
 */
@ProviderType
public interface CloudConnectionManager {

    /**
     * Connects.
     *
     * @throws KuraConnectException
     *             if the connection cannot be established
     */
    void connect() throws KuraConnectException;

    /**
     * Disconnects.
     *
     * @throws KuraDisconnectException
     *             if the disconnection fails
     */
    void disconnect() throws KuraDisconnectException;

    /** @return whether the connection is established */
    boolean isConnected();

    /**
     * @param listener
     *            notified of connection state changes
     */
    void registerCloudConnectionListener(CloudConnectionListener listener);

    /**
     * @param listener
     *            no longer notified
     */
    void unregisterCloudConnectionListener(CloudConnectionListener listener);
}
