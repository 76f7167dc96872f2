package io.holdfast.faults;

/** Something the suite waited for did not happen: its message names it, in one line. */
final class FaultsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FaultsException(String message) {
        super(message);
    }
}
