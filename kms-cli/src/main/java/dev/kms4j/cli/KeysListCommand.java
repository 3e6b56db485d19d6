package dev.kms4j.cli;

import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kms keys list}: the keys in the keystore. Runs once; not thread-safe. */
@Command(name = "list", description = "List the keys in the keystore.")
final class KeysListCommand extends KeystoreCommand {
    @Option(names = {"-q", "--quiet"}, description = "Print only the key URIs, one per line.")
    boolean quiet;

    @Override
    protected int run(KmsManager kms) {
        List<KeyRef> keys = kms.listKeys(KeyArgs.DEFAULT_SCHEME + "://");
        if (quiet) {
            keys.forEach(io().out()::println);
            return ExitCodes.OK;
        }
        if (keys.isEmpty()) {
            io().out().println("no keys (create one with: kms keys create ID --spec SPEC)");
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("KEY", "SPEC", "USAGE", "STATE", "CURRENT", "VERSIONS");
        int unreadable = 0;
        for (KeyRef ref : keys) {
            try {
                KeyMetadata md = kms.metadata(ref);
                table.row(md.ref(), md.spec(), md.usage(), md.state(), KeyFormat.current(md), md.versions().size());
            } catch (KmsException e) {
                // One damaged or unreadable key must not hide the others from an operator.
                unreadable++;
                table.row(ref, null, null, "UNREADABLE (" + e.code() + ")", null, null);
            }
        }
        table.print(io().out(), "");
        if (unreadable > 0) {
            io().err().println("kms: note: " + unreadable + (unreadable == 1 ? " key" : " keys")
                    + " could not be read; kms keys show ID says why");
        }
        return ExitCodes.OK;
    }
}
