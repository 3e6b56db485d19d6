package dev.kms4j.cli;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kms keys disable ID[#VERSION]}. Runs once; not thread-safe. */
@Command(name = "disable", description = "Disable a key, or one version of it; it refuses use until enabled again.")
final class KeysDisableCommand extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "ID[#VERSION] or local://ID[#VERSION].")
    String key;

    @Override
    protected int run(KmsManager kms) {
        KeyRef ref = KeyArgs.parse(key);
        kms.disable(ref);
        io().out().println("disabled " + describe(ref));
        return ExitCodes.OK;
    }

    /** "local://k" or "version 2 of local://k". */
    static String describe(KeyRef ref) {
        return ref.version().map(v -> "version " + v + " of " + ref.withoutVersion()).orElse(ref.toUri());
    }
}
