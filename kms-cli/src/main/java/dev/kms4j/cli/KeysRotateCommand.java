package dev.kms4j.cli;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kms keys rotate ID}: adds a new current version. Runs once; not thread-safe. */
@Command(name = "rotate",
        description = {"Rotate a key: add a new current version.",
            "Older versions stay enabled, so existing ciphertexts and signatures keep working."})
final class KeysRotateCommand extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "ID or local://ID.")
    String key;

    @Override
    protected int run(KmsManager kms) {
        KeyRef ref = KeyArgs.parseUnversioned(key, "keys rotate");
        KeyRef current = kms.rotate(ref);
        io().out().println("rotated " + ref + ": current version is now "
                + current.version().orElse("(not exposed by the provider)") + " (" + current + ")");
        return ExitCodes.OK;
    }
}
