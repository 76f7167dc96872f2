package io.holdfast.backend.dashboard.impl;

import io.holdfast.backend.store.BackendStore;
import io.holdfast.backend.store.StoreException;
import java.sql.SQLException;

/**
 * The dashboard's own actions (logins, uploads, deployment requests) in the backend's hash-chained audit trail, through
 * the store's {@link BackendStore#audit}, which serialises every append (API, alarm evaluator, dashboard, other
 * backends) into one chain.
 */
final class AuditLog {

    private final BackendStore store;

    AuditLog(BackendStore store) {
        this.store = store;
    }

    void append(String actor, String action, String target, String detail) throws SQLException {
        try {
            store.audit(actor, action, target, detail);
        } catch (StoreException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }
}
