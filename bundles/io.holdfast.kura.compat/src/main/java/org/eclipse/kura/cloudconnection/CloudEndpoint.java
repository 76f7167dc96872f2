package org.eclipse.kura.cloudconnection;

import java.util.Collections;
import java.util.Map;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The endpoint of a cloud connection: publishers and subscribers send and receive through it.
 */
@ProviderType
public interface CloudEndpoint {

    /**
     * Publishes a message.
     *
     * @param message
     *            the message, with the delivery properties the endpoint understands
     *
     * @return an id for the message, or {@code null} when it will not be confirmed
     *
     * @throws KuraException
     *             if the message was not accepted
     */
    String publish(KuraMessage message) throws KuraException;

    /**
     * Subscribes.
     *
     * @param subscriptionProperties
     *            what to subscribe to, in the endpoint's terms
     * @param listener
     *            receives the messages
     */
    void registerSubscriber(Map<String, Object> subscriptionProperties, CloudSubscriberListener listener);

    /**
     * Removes every subscription of a listener.
     *
     * @param listener
     *            the listener
     */
    void unregisterSubscriber(CloudSubscriberListener listener);

    /**
     * Facts about the endpoint for people (broker, client id, ...).
     *
     * @return the facts; empty by default
     */
    default Map<String, String> getInfo() {
        return Collections.emptyMap();
    }

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
