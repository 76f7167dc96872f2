package io.holdfast.launcher.common;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.MaxValuesExceededException;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The launchers' command line, on picocli: an object with {@code @Option} fields is filled from {@code --name value} or
 * {@code --name=value} (the last of a repeated option wins), and every mistake is a {@link UsageException} with one
 * line that names the option. The converters here check values: a blank one, a port outside 1 to 65535.
 *
 * <pre>
 * &#64;Option(names = "--port", paramLabel = "N", converter = Cli.Port.class, defaultValue = "8080",
 *         description = "web console port (default: ${DEFAULT-VALUE})")
 * int port;
 * ...
 * MyOptions o = Cli.parse(new MyOptions(), args);
 * </pre>
 */
public final class Cli {

    private Cli() {
    }

    /**
     * A value the converter rejects: the message is what follows the option's name ({@code "needs a directory"}).
     */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * @param rest
         *            what is wrong, after the option's name
         */
        public Invalid(String rest) {
            super(rest);
        }
    }

    /**
     * Fills {@code options} from the command line.
     *
     * @param options
     *            an object with picocli {@code @Option}s, under {@code @Command}
     * @param args
     *            the command line
     *
     * @return {@code options}
     *
     * @throws UsageException
     *             with one line that names the option when the command line is wrong
     */
    public static <T> T parse(T options, List<String> args) throws UsageException {
        CommandLine cl = new CommandLine(options).setOverwrittenOptionsAllowed(true)
                .setUnmatchedOptionsAllowedAsOptionParameters(false);
        try {
            cl.parseArgs(args.toArray(String[]::new));
            return options;
        } catch (ParameterException e) {
            throw new UsageException(oneLine(cl, e));
        }
    }

    /**
     * The help: every option with its description (which names the default), as {@code --name VALUE}.
     *
     * @param options
     *            a new object of the class given to {@link #parse}
     */
    public static String usage(Object options) {
        return new CommandLine(options).setSeparator(" ").setUsageHelpWidth(110).getUsageMessage();
    }

    private static String oneLine(CommandLine cl, ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return "unknown option '" + u.getUnmatched().get(0) + "'";
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            return name(m.getMissing().get(0)) + " needs a value";
        }
        if (e instanceof MaxValuesExceededException) {
            // picocli's message is "option '--shell' should be specified without 'yes' parameter"
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (e.getMessage().contains("option '" + o.longestName() + "'")) {
                    return o.longestName() + " takes no value";
                }
            }
        }
        if (e.getCause() instanceof Invalid invalid && e.getArgSpec() != null) {
            return name(e.getArgSpec()) + " " + invalid.getMessage();
        }
        return e.getMessage().lines().findFirst().orElse("wrong command line");
    }

    private static String name(ArgSpec spec) {
        return spec instanceof OptionSpec o ? o.longestName() : spec.paramLabel();
    }

    /** A TCP port, 1 to 65535. */
    public static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) throws Invalid {
            try {
                int port = Integer.parseInt(value.trim());
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new Invalid("must be a number from 1 to 65535, was '" + value + "'");
        }
    }

    /** A directory, not blank. */
    public static final class Directory implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) throws Invalid {
            return Path.of(nonBlank(value, "a directory"));
        }
    }

    /** A file, not blank. */
    public static final class File implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) throws Invalid {
            return Path.of(nonBlank(value, "a file"));
        }
    }

    /** A host name or IP address, not blank. */
    public static final class Address implements ITypeConverter<String> {
        @Override
        public String convert(String value) throws Invalid {
            return nonBlank(value, "an address");
        }
    }

    private static String nonBlank(String value, String what) throws Invalid {
        if (value.isBlank()) {
            throw new Invalid("needs " + what);
        }
        return value;
    }

    /**
     * A value that starts with one of the prefixes and has more after it.
     *
     * @throws Invalid
     *             when it does not
     */
    public static String startsWith(String value, String... prefixes) throws Invalid {
        for (String p : prefixes) {
            if (value.startsWith(p) && value.length() > p.length()) {
                return value;
            }
        }
        throw new Invalid("must start with " + String.join(" or ", prefixes));
    }
}
