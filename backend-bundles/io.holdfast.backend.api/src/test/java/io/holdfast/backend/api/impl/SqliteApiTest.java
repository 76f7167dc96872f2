package io.holdfast.backend.api.impl;

import io.holdfast.backend.store.impl.TestDatabases;
import io.holdfast.backend.store.impl.TestDatabases.TestDatabase;

public class SqliteApiTest extends ApiContract {
    @Override
    TestDatabase database() {
        return TestDatabases.sqlite();
    }
}
