package dev.kms4j.cli;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kms keys enable ID[#VERSION]}. Runs once; not thread-safe. */
@Command(name = "enable", description = "Enable a disabled key, or one version of it.")
final class KeysEnableCommand extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "ID[#VERSION] or local://ID[#VERSION].")
    String key;

    @Override
    protected int run(KmsManager kms) {
        KeyRef ref = KeyArgs.parse(key);
        kms.enable(ref);
        io().out().println("enabled " + KeysDisableCommand.describe(ref));
        return ExitCodes.OK;
    }
}
