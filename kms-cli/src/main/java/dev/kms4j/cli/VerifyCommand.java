package dev.kms4j.cli;

import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code kms verify KEY --signature FILE}: prints "valid" and exits 0, or prints "INVALID" and
 * exits 1. Errors that prevent a decision (unknown or disabled key) have their own exit codes.
 * Runs once; not thread-safe.
 */
@Command(name = "verify",
        description = {"Verify a signature or MAC. Prints 'valid' (exit 0) or 'INVALID' (exit 1).",
            "Without #VERSION, a signature by any enabled version of the key is accepted."})
final class VerifyCommand extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "ID[#VERSION] or local://ID[#VERSION].")
    String key;

    @Option(names = "--signature", required = true, paramLabel = "FILE",
            description = "The signature, raw bytes (or base64 text with --base64); - for stdin.")
    String signatureFile;

    @Option(names = "--alg", paramLabel = "ALG",
            converter = Converters.SignatureAlgorithms.class,
            completionCandidates = Converters.SignatureAlgorithms.class,
            description = "Algorithm (default: from the key spec): ${COMPLETION-CANDIDATES}.")
    SignatureAlgorithm algorithm;

    @Option(names = "--in", paramLabel = "FILE", defaultValue = Inputs.STDIN,
            description = "The signed message; - for stdin (default).")
    String in;

    @Option(names = "--base64", description = "The signature file is base64 text (as sign --base64 writes).")
    boolean base64;

    @Override
    protected int run(KmsManager kms) {
        if (Inputs.STDIN.equals(in) && Inputs.STDIN.equals(signatureFile)) {
            throw new ParameterException(spec.commandLine(),
                    "the message and the signature cannot both come from stdin; give --in FILE or --signature FILE");
        }
        KeyRef ref = KeyArgs.parse(key);
        KeyMetadata md = kms.metadata(ref.withoutVersion());
        SignatureAlgorithm alg = DefaultAlgorithms.choose(algorithm, md);
        byte[] signatureBytes = Inputs.read(io(), signatureFile, "signature", Limits.MAX_SIGNATURE_BYTES,
                "signature file is larger than 64 KiB");
        byte[] signature = base64 ? Base64Text.decode(signatureBytes, "signature") : signatureBytes;
        byte[] message = Inputs.read(io(), in, "message", Limits.MAX_MESSAGE_BYTES, "message is larger than 64 MiB");
        boolean valid;
        try {
            valid = kms.verify(ref, alg, message, signature);
        } finally {
            Arrays.fill(message, (byte) 0);
        }
        if (valid) {
            io().out().println("valid");
            return ExitCodes.OK;
        }
        io().out().println("INVALID");
        if (!base64 && Base64Text.looksLikeBase64(signatureBytes)) {
            io().err().println("kms: note: the signature file looks like base64 text; if sign --base64 wrote it,"
                    + " add --base64");
        }
        return ExitCodes.VERIFICATION_FAILED;
    }
}
