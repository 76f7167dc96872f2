package io.holdfast.backend.store.impl;

import io.holdfast.backend.store.impl.TestDatabases.TestDatabase;

public class SqliteAlarmTest extends AlarmContract {
    @Override
    TestDatabase database() {
        return TestDatabases.sqlite();
    }
}
