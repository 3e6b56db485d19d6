package dev.kms4j.cli;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kms keys delete ID --pending-days N} schedules destruction; {@code --cancel} undoes it.
 * There is deliberately no immediate delete: destruction loses every ciphertext under the key.
 * Runs once; not thread-safe.
 */
@Command(name = "delete",
        description = {"Schedule a key's destruction after N days, or cancel a scheduled one.",
            "Until then the key refuses use; after it, data encrypted under the key is lost for good."})
final class KeysDeleteCommand extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "ID or local://ID.")
    String key;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    /** Exactly one of the two. */
    static final class Action {
        @Option(names = "--pending-days", paramLabel = "N", description = "Destroy the key after N days.")
        Integer pendingDays;

        @Option(names = "--cancel", description = "Cancel a scheduled deletion; the key becomes DISABLED.")
        boolean cancel;
    }

    @Override
    protected int run(KmsManager kms) {
        KeyRef ref = KeyArgs.parseUnversioned(key, "keys delete");
        if (action.cancel) {
            kms.cancelDeletion(ref);
            io().out().println("cancelled the deletion of " + ref + "; it is DISABLED now (kms keys enable "
                    + key + " to use it again)");
            return ExitCodes.OK;
        }
        Instant when = kms.scheduleDeletion(ref, Duration.ofDays(action.pendingDays));
        io().out().println("scheduled " + ref + " for destruction at " + when.truncatedTo(ChronoUnit.SECONDS)
                + " (undo with: kms keys delete " + key + " --cancel)");
        return ExitCodes.OK;
    }
}
