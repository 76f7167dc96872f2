package io.holdfast.backend.store.impl;

import io.holdfast.backend.store.impl.TestDatabases.TestDatabase;

public class PostgresStoreTest extends StoreContract {
    @Override
    TestDatabase database() {
        return TestDatabases.postgres();
    }
}
