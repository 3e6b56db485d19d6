package dev.kms4j.cli;

import dev.kms4j.KmsException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on stderr, {@code kms: error: <CODE>: <message>}, and an exit
 * code from {@link ExitCodes}. Stack traces are printed only with {@code --verbose}.
 *
 * <p>Messages come from {@link KmsException}, whose contract keeps key material and plaintext out
 * of them, or from the tool's own I/O errors, which name files only. Thread-safe if the verbose
 * supplier is.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final BooleanSupplier verbose;

    ErrorReporter(BooleanSupplier verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int exitCode;
        String label;
        String message;
        if (ex instanceof KmsException) {
            KmsException k = (KmsException) ex;
            exitCode = ExitCodes.of(k.code());
            label = k.code().name();
            message = k.getMessage();
        } else if (ex instanceof UncheckedIOException) {
            exitCode = ExitCodes.INTERNAL;
            label = "IO";
            message = ex.getMessage();
        } else {
            exitCode = ExitCodes.INTERNAL;
            label = "INTERNAL";
            message = "unexpected " + ex.getClass().getSimpleName()
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                    + (verbose.getAsBoolean() ? "" : " (run with --verbose for the stack trace)");
        }
        err.println("kms: error: " + label + ": " + oneLine(message));
        if (verbose.getAsBoolean()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    /** Reports an {@link Error} (out of memory, a broken classpath) as INTERNAL. */
    int handleError(Error error, PrintWriter err) {
        err.println("kms: error: INTERNAL: " + oneLine(error.toString()));
        if (verbose.getAsBoolean()) {
            error.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        StringBuilder line = new StringBuilder("kms: error: USAGE: ").append(oneLine(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException) {
            List<String> suggestions = ((UnmatchedArgumentException) ex).getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append("; did you mean ").append(String.join(" or ", suggestions)).append('?');
            }
        }
        line.append(" (see '").append(commandLine.getCommandSpec().qualifiedName()).append(" --help')");
        err.println(line);
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Keeps the error on one line whatever the message contains. */
    private static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
