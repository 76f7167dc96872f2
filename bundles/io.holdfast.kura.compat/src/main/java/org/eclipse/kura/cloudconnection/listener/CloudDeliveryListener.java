package org.eclipse.kura.cloudconnection.listener;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Notified when the remote end confirms a published message.
 */
@ConsumerType
public interface CloudDeliveryListener {

    /**
     * A message was confirmed.
     *
     * @param messageId
     *            the id that {@code publish} returned for it
     */
    void onMessageConfirmed(String messageId);
}
