package io.holdfast.backend.store.impl;

import io.holdfast.backend.store.impl.TestDatabases.TestDatabase;

public class SqliteStoreTest extends StoreContract {
    @Override
    TestDatabase database() {
        return TestDatabases.sqlite();
    }
}
