package dev.kms4j.cli;

import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeyState;
import dev.kms4j.KeyVersionMetadata;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import java.io.PrintWriter;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kms keys show ID}: one key's metadata and versions. Runs once; not thread-safe. */
@Command(name = "show", description = "Show a key's metadata and versions.")
final class KeysShowCommand extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "ID or local://ID; a #VERSION marks that version.")
    String key;

    @Override
    protected int run(KmsManager kms) {
        KeyRef ref = KeyArgs.parse(key);
        KeyMetadata md = kms.metadata(ref.withoutVersion());
        if (ref.version().isPresent() && !md.versions().isEmpty() && md.version(ref.version().get()).isEmpty()) {
            throw KmsException.builder(KmsErrorCode.NOT_FOUND,
                    "key " + md.ref() + " has no version " + ref.version().get()).keyRef(ref).build();
        }
        PrintWriter out = io().out();
        TextTable fields = new TextTable("key:", md.ref().toUri());
        fields.row("spec:", md.spec());
        fields.row("usage:", md.usage());
        fields.row("state:", md.state());
        fields.row("current version:", KeyFormat.current(md));
        fields.row("created:", KeyFormat.time(md.createdAt()));
        fields.row("rotated:", KeyFormat.time(md.rotatedAt()));
        if (md.state() == KeyState.PENDING_DELETION || md.deletionDate().isPresent()) {
            fields.row("destroyed at:", KeyFormat.time(md.deletionDate()));
        }
        fields.row("description:", md.description().orElse("-"));
        fields.row("tags:", md.tags().isEmpty() ? "-" : md.tags().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        fields.row("capabilities:", md.capabilities().isEmpty() ? "-" : md.capabilities().stream()
                .map(EnumNames::display).collect(Collectors.joining(", ")));
        fields.print(out, "");
        out.println("versions:");
        TextTable versions = new TextTable("VERSION", "STATE", "CREATED", "");
        for (KeyVersionMetadata v : md.versions()) {
            String marks = (v.version().equals(md.currentVersion().orElse(null)) ? "current" : "")
                    + (v.version().equals(ref.version().orElse(null)) ? " <- " + key : "");
            versions.row(v.version(), v.state(), KeyFormat.time(v.createdAt()), marks.trim());
        }
        versions.print(out, "  ");
        return ExitCodes.OK;
    }
}
