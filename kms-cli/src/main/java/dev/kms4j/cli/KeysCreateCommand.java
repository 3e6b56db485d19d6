package dev.kms4j.cli;

import dev.kms4j.CreateKeyOptions;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyUsage;
import dev.kms4j.KmsManager;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kms keys create ID --spec SPEC}: creates a key. Runs once; not thread-safe. */
@Command(name = "create", description = "Create a key.")
final class KeysCreateCommand extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "New key: ID or local://ID.")
    String key;

    @Option(names = "--spec", required = true, paramLabel = "SPEC",
            converter = Converters.KeySpecs.class, completionCandidates = Converters.KeySpecs.class,
            description = "Key spec, case-insensitive: ${COMPLETION-CANDIDATES}.")
    KeySpec keySpec;

    @Option(names = "--usage", paramLabel = "USAGE",
            converter = Converters.KeyUsages.class, completionCandidates = Converters.KeyUsages.class,
            description = "Key usage, for RSA keys (default: the spec's usual one): ${COMPLETION-CANDIDATES}.")
    KeyUsage usage;

    @Option(names = "--description", paramLabel = "TEXT", description = "A description (not secret).")
    String description;

    @Option(names = "--tag", paramLabel = "NAME=VALUE", description = "A tag (not secret); repeatable.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Override
    protected int run(KmsManager kms) {
        KeyRef ref = KeyArgs.parseUnversioned(key, "keys create");
        CreateKeyOptions options = CreateKeyOptions.builder(keySpec)
                .usage(usage)
                .description(description)
                .tags(tags)
                .build();
        KeyRef created = kms.createKey(ref, options);
        KeyMetadata md = kms.metadata(created);
        io().out().println("created " + md.ref() + " (" + md.spec() + ", " + md.usage()
                + ", version " + KeyFormat.current(md) + ")");
        return ExitCodes.OK;
    }
}
