package dev.kms4j.cli;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kms decrypt KEY}: decrypts what {@code kms encrypt} made. The plaintext goes only to
 * {@code --out} (a new file is created owner-only) or stdout, and is zeroed afterwards.
 * Runs once; not thread-safe.
 */
@Command(name = "decrypt",
        description = {"Decrypt data made by kms encrypt (any version of the key, even after rotation).",
            "Fails with INTEGRITY (exit 6) if the ciphertext or the context does not authenticate."})
final class DecryptCommand extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "ID or local://ID.")
    String key;

    @Option(names = "--context", paramLabel = "NAME=VALUE",
            description = "The same encryption context pairs as at encryption; repeatable.")
    Map<String, String> context = new LinkedHashMap<>();

    @Option(names = "--in", paramLabel = "FILE", defaultValue = Inputs.STDIN,
            description = "Ciphertext; - for stdin (default).")
    String in;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = Outputs.STDOUT,
            description = "Where to write the plaintext; - for stdout (default). A new file is created owner-only.")
    String out;

    @Option(names = "--base64", description = "The ciphertext is base64 text (as encrypt --base64 writes).")
    boolean base64;

    @Override
    protected int run(KmsManager kms) {
        KeyRef ref = KeyArgs.parse(key);
        EncryptionContext ctx = EncryptionContext.of(context);
        byte[] ciphertext = base64
                ? Base64Text.decode(Inputs.read(io(), in, "ciphertext", Limits.MAX_CIPHERTEXT_BASE64_CHARS,
                        Limits.CIPHERTEXT_TOO_LARGE), "ciphertext")
                : Inputs.read(io(), in, "ciphertext", Limits.MAX_CIPHERTEXT_BYTES, Limits.CIPHERTEXT_TOO_LARGE);
        byte[] plaintext = kms.decrypt(ref, ciphertext, ctx);
        try {
            Outputs.write(io(), out, "plaintext", plaintext, true);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        return ExitCodes.OK;
    }
}
