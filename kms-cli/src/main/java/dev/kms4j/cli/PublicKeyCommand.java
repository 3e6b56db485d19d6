package dev.kms4j.cli;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.PublicKeys;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kms public-key KEY}: exports the public key as PEM or DER. Runs once; not thread-safe. */
@Command(name = "public-key",
        description = "Export the public key of an EC, Ed25519 or RSA key (X.509 SubjectPublicKeyInfo).")
final class PublicKeyCommand extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY",
            description = "ID[#VERSION] or local://ID[#VERSION] (default: the current version).")
    String key;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    /** PEM (the default) or DER. */
    static final class Format {
        @Option(names = "--pem", description = "PEM text, -----BEGIN PUBLIC KEY----- (default).")
        boolean pem;

        @Option(names = "--der", description = "Raw DER bytes.")
        boolean der;
    }

    @Option(names = "--out", paramLabel = "FILE", defaultValue = Outputs.STDOUT,
            description = "Where to write it; - for stdout (default).")
    String out;

    @Override
    protected int run(KmsManager kms) {
        KeyRef ref = KeyArgs.parse(key);
        PublicKey publicKey = kms.getPublicKey(ref);
        byte[] encoded = format.der
                ? PublicKeys.toDer(publicKey)
                : PublicKeys.toPem(publicKey).getBytes(StandardCharsets.US_ASCII);
        Outputs.write(io(), out, "public key", encoded, false);
        return ExitCodes.OK;
    }
}
