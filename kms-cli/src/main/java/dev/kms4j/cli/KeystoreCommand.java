package dev.kms4j.cli;

import dev.kms4j.KmsManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on the keystore named by {@code --keystore}: it is opened before
 * {@link #run(KmsManager)} and closed (releasing its lock) afterwards, whatever happens.
 * Subclasses are picocli commands, one per file; each instance runs once and is not thread-safe.
 */
abstract class KeystoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (KmsManager kms = root().openKeystore()) {
            return run(kms);
        }
    }

    /** Does the work; returns the exit code. Failures are thrown and reported by {@link ErrorReporter}. */
    protected abstract int run(KmsManager kms) throws Exception;

    /** The root command, which holds the global options and the streams. */
    protected final KmsCli root() {
        return (KmsCli) spec.root().userObject();
    }

    /** The streams. */
    protected final CliIo io() {
        return root().io();
    }
}
