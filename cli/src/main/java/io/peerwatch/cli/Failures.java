package io.peerwatch.cli;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * How errors reach the user: one clear line naming the command, and an exit code. Usage errors (bad options,
 * unknown FORMAT, unreadable path) exit {@link Peerwatch#USAGE}; everything else {@link Peerwatch#FAILURE}.
 * Stack traces go to the log at DEBUG only, never to the user's terminal.
 */
public final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {}

    /** A usage error found after parsing (e.g. a value that only makes sense with another option). */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }

        public UsageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A failure with a message written for the user (no need for the cause chain). */
    public static final class CommandFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CommandFailure(String message) {
            super(message);
        }

        public CommandFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static String commandName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }

    /** Messages of the cause chain, de-duplicated: Flink wraps a user exception several times. */
    public static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        int depth = 0;
        for (Throwable c = t; c != null && depth < 8; c = c.getCause(), depth++) {
            String msg = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (last != null && last.contains(msg)) continue;
            if (sb.length() > 0) sb.append("\n  caused by: ");
            if (!(c instanceof UsageException || c instanceof CommandFailure || c instanceof IllegalArgumentException)) {
                sb.append(c.getClass().getSimpleName()).append(": ");
            }
            sb.append(msg);
            last = msg;
        }
        return sb.toString();
    }

    static final class UsageHandler implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println(commandName(cl) + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + commandName(cl) + " --help' for more information.");
            err.flush();
            return Peerwatch.USAGE;
        }
    }

    static final class ExecutionHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
            PrintWriter err = cl.getErr();
            LOG.debug("{} failed", commandName(cl), ex);
            Throwable usage = find(ex, UsageException.class);
            if (usage != null) {
                err.println(commandName(cl) + ": " + usage.getMessage());
                err.println("Try '" + commandName(cl) + " --help' for more information.");
                err.flush();
                return Peerwatch.USAGE;
            }
            Throwable failure = find(ex, CommandFailure.class);
            err.println(commandName(cl) + ": error: " + (failure != null ? describe(failure) : describe(ex)));
            err.flush();
            return Peerwatch.FAILURE;
        }

        private static Throwable find(Throwable t, Class<? extends Throwable> type) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (type.isInstance(c)) return c;
            }
            return null;
        }
    }
}
