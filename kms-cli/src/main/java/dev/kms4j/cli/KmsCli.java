package dev.kms4j.cli;

import dev.kms4j.KmsManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code kms} command: the entry point of the kms4j command-line tool.
 *
 * <p>Run {@code kms --help} for the commands. Global options ({@code --keystore},
 * {@code --verbose}) work before or after the command name. Every failure ends in one line on
 * stderr and an exit code listed in {@code --help} and {@code docs/cli.md}.
 *
 * <p>The tool prints key references, metadata, signatures and ciphertexts, never key material,
 * master keys or plaintext (decrypted data goes only where {@code kms decrypt --out} says).
 * An instance runs one command line at a time and is not thread-safe.
 */
@Command(name = "kms",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "The kms4j command-line tool: create and manage keys, sign and verify, encrypt and decrypt"
                + " on a local keystore (a directory whose keys are encrypted under a master key).",
            "",
            "Keys: local://ID[#VERSION] or just ID[#VERSION]. New here? Try: kms demo",
        },
        subcommands = {
            DemoCommand.class,
            KeysCommand.class,
            SignCommand.class,
            VerifyCommand.class,
            PublicKeyCommand.class,
            EncryptCommand.class,
            DecryptCommand.class,
            InspectCommand.class,
            RewrapCommand.class,
            FakesCommand.class,
            ServerCommand.class,
            HealthCommand.class,
            AuditCommand.class,
            HelpCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:ok",
            " 1:verification failed (kms verify: signature INVALID; kms audit verify: chain BROKEN)",
            " 2:usage error (unknown option, missing argument, bad value)",
            " 3:INVALID_ARGUMENT (bad key id, wrong algorithm for the key, input too large)",
            " 4:NOT_FOUND (no such key or version)",
            " 5:INVALID_KEY_STATE or ALREADY_EXISTS (disabled, pending deletion, exists)",
            " 6:INTEGRITY (ciphertext or context failed authentication)",
            " 7:UNSUPPORTED (this key or provider cannot do that)",
            " 8:UNAUTHENTICATED or PERMISSION_DENIED (wrong master key, no access)",
            " 9:UNAVAILABLE, THROTTLED or TIMEOUT (retry may help; keystore locked)",
            "10:INTERNAL or I/O error",
        },
        footerHeading = "%n",
        footer = {
            "Master key: set KMS4J_LOCAL_MASTER_KEY (base64 of 32 bytes), KMS4J_LOCAL_MASTER_KEY_FILE or"
                + " KMS4J_LOCAL_PASSPHRASE. Without one, kms creates a development master key in the"
                + " keystore directory (master.key) and says so.",
            "Documentation: docs/cli.md",
        })
public final class KmsCli implements Callable<Integer> {
    /** The default keystore directory, relative to the working directory. */
    static final String DEFAULT_KEYSTORE = "./.kms4j";

    @Option(names = "--keystore", paramLabel = "DIR", scope = ScopeType.INHERIT, defaultValue = DEFAULT_KEYSTORE,
            description = "Keystore directory (default: ${DEFAULT-VALUE}).")
    private Path keystore;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors, and debug logging.")
    private boolean verbose;

    @Spec
    private CommandSpec spec;

    private final CliIo io;

    KmsCli(CliIo io) {
        this.io = io;
    }

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        CliIo io = CliIo.system();
        int exitCode = run(io, args);
        io.flush();
        System.exit(exitCode);
    }

    /** Runs one command line with the given streams and returns the exit code. */
    static int run(CliIo io, String... args) {
        KmsCli root = new KmsCli(io);
        ErrorReporter errors = new ErrorReporter(() -> root.verbose);
        CommandLine commandLine = new CommandLine(root)
                .setOut(io.out())
                .setErr(io.err())
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setExecutionStrategy(parseResult -> {
                    root.configureLogging();
                    return new CommandLine.RunLast().execute(parseResult);
                });
        try {
            return commandLine.execute(args);
        } catch (Error e) {
            // picocli passes only Exceptions to the handler. Without this, the JVM would print
            // the trace and exit with 1, which scripts would read as "signature INVALID".
            return errors.handleError(e, io.err());
        } finally {
            io.flush();
        }
    }

    /** {@code kms} without a command: show the usage and fail as a usage error. */
    @Override
    public Integer call() {
        io.err().println("kms: error: USAGE: missing command");
        spec.commandLine().usage(io.err());
        return ExitCodes.USAGE;
    }

    CliIo io() {
        return io;
    }

    boolean verbose() {
        return verbose;
    }

    /** Opens the keystore named by {@code --keystore}. Close it. */
    KmsManager openKeystore() {
        return KeystoreOpener.open(keystore, io);
    }

    /**
     * slf4j-simple reads its level once, when the first logger is made, and system properties
     * override simplelogger.properties; nothing has logged before a command runs. Only done for
     * the real process, so in-process runs (tests) do not change the JVM's logging.
     */
    private void configureLogging() {
        if (verbose && io.isSystem()) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
    }
}
