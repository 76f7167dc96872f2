package io.holdfast.api.publish;

import java.util.List;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@code CloudPublisher} that can also take many messages at once and store them together: what the single-message
 * {@code publish(KuraMessage)} promises for one message (it is stored when the call returns), this call promises for
 * each message whose id it returns, at the cost of one commit for the batch instead of one wait per message.
 * <p>
 * Implemented by publishers, not by their callers: new methods may be added in a minor version.
 */
@ProviderType
public interface BatchPublisher {

    /**
     * Publishes messages, each as {@code publish(KuraMessage)} would, and returns once every one of them is stored or
     * known not to be.
     *
     * @param messages
     *            the messages, in order; the list is not kept
     *
     * @return one entry per message, in the same order: the id {@code publish(KuraMessage)} would have returned, or
     *         {@code null} when that message was not stored (the publisher counts and logs why); the caller may offer a
     *         message that was not stored again
     *
     * @throws KuraException
     *             when no message was stored for a reason that concerns the whole batch (no cloud connection, no store,
     *             interrupted)
     */
    List<String> publish(List<KuraMessage> messages) throws KuraException;
}
