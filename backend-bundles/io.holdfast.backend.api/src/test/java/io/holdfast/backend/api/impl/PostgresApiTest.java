package io.holdfast.backend.api.impl;

import io.holdfast.backend.store.impl.TestDatabases;
import io.holdfast.backend.store.impl.TestDatabases.TestDatabase;

public class PostgresApiTest extends ApiContract {
    @Override
    TestDatabase database() {
        return TestDatabases.postgres();
    }
}
