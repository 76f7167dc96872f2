package io.holdfast.launcher.common;

/** The command line is wrong; the message says how, in one line. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message
     *            what is wrong, one line, without the launcher's name
     */
    public UsageException(String message) {
        super(message);
    }
}
