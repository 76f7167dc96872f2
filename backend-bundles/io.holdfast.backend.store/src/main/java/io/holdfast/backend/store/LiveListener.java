package io.holdfast.backend.store;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Live events of the backend, for server-sent events and the like: register an implementation as an OSGi service (the
 * whiteboard pattern) and the store calls it after each commit. Calls come on the thread that committed (the ingest
 * writer, the alarm check timer, an API request): return quickly and never block, hand the event to your own queue. An
 * exception is logged and ignored; it never undoes the write. Events of one committing thread arrive in commit order; a
 * listener registered late misses what was before it (read the REST API for the state, then listen).
 */
@ConsumerType
public interface LiveListener {

    /**
     * Readings stored now (re-sent duplicates are not included), in the order of the batch, after their transaction
     * committed.
     *
     * @param readings
     *            the new readings, an unmodifiable list
     */
    default void readingsStored(List<BackendStore.StoredReading> readings) {
    }

    /**
     * An alarm was raised, ended or acknowledged (after the transaction that did it committed).
     *
     * @param event
     *            what happened and the alarm as it is now
     */
    default void alarmChanged(AlarmEvent event) {
    }
}
