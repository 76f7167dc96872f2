package org.eclipse.kura.cloudconnection.listener;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Notified when a cloud connection's state changes.
 */
@ConsumerType
public interface CloudConnectionListener {

    /** The connection was closed on purpose. */
    void onDisconnected();

    /** The connection was lost; the cloud connection is trying to re-establish it. */
    void onConnectionLost();

    /** The connection was established or re-established. */
    void onConnectionEstablished();
}
