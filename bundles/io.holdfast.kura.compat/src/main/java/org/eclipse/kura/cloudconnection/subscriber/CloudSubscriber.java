package org.eclipse.kura.cloudconnection.subscriber;

import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What an application receives messages through. A subscriber is bound to one cloud connection and one subscription.
 */
@ProviderType
public interface CloudSubscriber {

    /**
     * @param listener
     *            receives the messages
     */
    void registerCloudSubscriberListener(CloudSubscriberListener listener);

    /**
     * @param listener
     *            no longer receives messages
     */
    void unregisterCloudSubscriberListener(CloudSubscriberListener listener);

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
