package io.holdfast.launcher.common;

import java.nio.file.Path;
import java.util.List;

/**
 * The launchers' command line, read one option at a time: {@code --name value} and {@code --name=value} both work;
 * every mistake is a {@link UsageException} with one line that names the option.
 *
 * <pre>
 * CommandLine cl = new CommandLine(args);
 * while (cl.next()) {
 *     switch (cl.option()) {
 *     case "--port" -> port = CommandLine.port(cl.value());
 *     case "--shell" -> shell = cl.flag();
 *     default -> throw cl.unknown();
 *     }
 * }
 * </pre>
 */
public final class CommandLine {

    private final List<String> args;
    private int index = -1;
    private String option;
    private String inline;

    /**
     * @param args
     *            the command line
     */
    public CommandLine(List<String> args) {
        this.args = args;
    }

    /**
     * Moves to the next option.
     *
     * @return false at the end of the command line
     */
    public boolean next() {
        index++;
        if (index >= args.size()) {
            return false;
        }
        String arg = args.get(index);
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
            option = arg.substring(0, eq);
            inline = arg.substring(eq + 1);
        } else {
            option = arg;
            inline = null;
        }
        return true;
    }

    /** The current option's name, without an {@code =value}. */
    public String option() {
        return option;
    }

    /**
     * The current option's value: after its {@code =}, or the next argument.
     *
     * @return the value
     *
     * @throws UsageException
     *             when there is none
     */
    public String value() throws UsageException {
        if (inline != null) {
            return inline;
        }
        if (index + 1 >= args.size() || args.get(index + 1).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(++index);
    }

    /**
     * A value that must not be blank.
     *
     * @param what
     *            what it is, for the message ({@code "a directory"})
     *
     * @return the value
     *
     * @throws UsageException
     *             when it is missing or blank
     */
    public String value(String what) throws UsageException {
        String v = value();
        if (v.isBlank()) {
            throw new UsageException(option + " needs " + what);
        }
        return v;
    }

    /**
     * A directory or file.
     *
     * @return the path, as given
     *
     * @throws UsageException
     *             when it is missing or blank
     */
    public Path path() throws UsageException {
        return Path.of(value("a directory"));
    }

    /**
     * A switch, which takes no value.
     *
     * @return true
     *
     * @throws UsageException
     *             when it was given one ({@code --shell=yes})
     */
    public boolean flag() throws UsageException {
        if (inline != null) {
            throw new UsageException(option + " takes no value");
        }
        return true;
    }

    /** The error for an option the launcher does not know. */
    public UsageException unknown() {
        return new UsageException("unknown option '" + args.get(index) + "'");
    }

    /**
     * A TCP port.
     *
     * @param value
     *            the option's value
     *
     * @return the port, 1 to 65535
     *
     * @throws UsageException
     *             when it is not one
     */
    public static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--port must be a number from 1 to 65535, was '" + value + "'");
    }
}
