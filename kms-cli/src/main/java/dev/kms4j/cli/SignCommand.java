package dev.kms4j.cli;

import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kms sign KEY}: signs a message (or computes its HMAC). Runs once; not thread-safe. */
@Command(name = "sign",
        description = {"Sign a message, or compute its MAC with an HMAC key.",
            "ECDSA signatures are DER, as java.security.Signature and openssl produce and verify."})
final class SignCommand extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "ID[#VERSION] or local://ID[#VERSION].")
    String key;

    @Option(names = "--alg", paramLabel = "ALG",
            converter = Converters.SignatureAlgorithms.class,
            completionCandidates = Converters.SignatureAlgorithms.class,
            description = "Algorithm (default: from the key spec; RSA uses rsa-pss-sha256): ${COMPLETION-CANDIDATES}.")
    SignatureAlgorithm algorithm;

    @Option(names = "--in", paramLabel = "FILE", defaultValue = Inputs.STDIN,
            description = "Message to sign; - for stdin (default).")
    String in;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = Outputs.STDOUT,
            description = "Where to write the signature; - for stdout (default).")
    String out;

    @Option(names = "--base64", description = "Write the signature as base64 text instead of raw bytes.")
    boolean base64;

    @Override
    protected int run(KmsManager kms) {
        KeyRef ref = KeyArgs.parse(key);
        KeyMetadata md = kms.metadata(ref.withoutVersion());
        SignatureAlgorithm alg = DefaultAlgorithms.choose(algorithm, md);
        byte[] message = Inputs.read(io(), in, "message", Limits.MAX_MESSAGE_BYTES,
                "message is larger than 64 MiB");
        try {
            byte[] signature = kms.sign(ref, alg, message);
            Outputs.write(io(), out, "signature", base64 ? Base64Text.encodeLine(signature) : signature, false);
        } finally {
            Arrays.fill(message, (byte) 0);
        }
        return ExitCodes.OK;
    }
}
