package io.holdfast.store.sqlite.impl;

import java.sql.Connection;

/**
 * A file that SQLite cannot read as a database, or whose structure is damaged. It holds the connection open: SQLite
 * deletes the WAL of an unreadable file when its connection closes, so the files must be moved aside first.
 */
final class CorruptFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Connection connection;

    CorruptFileException(String message, Throwable cause, Connection connection) {
        super(message, cause);
        this.connection = connection;
    }

    /** Closes the connection to the corrupt file, once its files are moved aside. */
    void closeConnection() {
        QueueStore.closeQuietly(connection);
    }
}
