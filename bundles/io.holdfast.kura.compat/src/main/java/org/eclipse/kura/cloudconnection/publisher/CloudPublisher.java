package org.eclipse.kura.cloudconnection.publisher;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What an application publishes through. A publisher is bound to one cloud connection and knows how to address the
 * application's messages there.
 */
@ProviderType
public interface CloudPublisher {

    /**
     * Publishes a message.
     *
     * @param message
     *            the message
     *
     * @return an id for the message, passed to {@link CloudDeliveryListener#onMessageConfirmed(String)} on
     *         confirmation; {@code null} when the message will not be confirmed
     *
     * @throws KuraException
     *             if the message was not accepted
     */
    String publish(KuraMessage message) throws KuraException;

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

    /**
     * @param listener
     *            notified of confirmations
     */
    void registerCloudDeliveryListener(CloudDeliveryListener listener);

    /**
     * @param listener
     *            no longer notified
     */
    void unregisterCloudDeliveryListener(CloudDeliveryListener listener);
}
