package org.eclipse.kura.cloudconnection.subscriber.listener;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the messages that arrive through a subscription.
 */
@ConsumerType
@FunctionalInterface
public interface CloudSubscriberListener {

    /**
     * A message arrived.
     *
     * @param message
     *            the message; its properties describe where it came from
     */
    void onMessageArrived(KuraMessage message);
}
