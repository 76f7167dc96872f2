package io.holdfast.backend.ingest.impl;

import io.holdfast.backend.store.impl.TestDatabases;
import io.holdfast.backend.store.impl.TestDatabases.TestDatabase;

public class SqliteIngestIT extends IngestContract {
    @Override
    TestDatabase database() {
        return TestDatabases.sqlite();
    }
}
