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
 * {@code kms encrypt KEY}: encrypts up to 1 MiB directly under the key. The plaintext is zeroed
 * after use and never printed. Runs once; not thread-safe.
 */
@Command(name = "encrypt",
        description = {"Encrypt data (at most 1 MiB) directly under a key.",
            "The ciphertext records the key version, so it still decrypts after rotation.",
            "The --context pairs are authenticated, not secret: decrypt needs exactly the same ones."})
final class EncryptCommand extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "ID or local://ID (the current version is used).")
    String key;

    @Option(names = "--context", paramLabel = "NAME=VALUE",
            description = "Encryption context pair (authenticated, not secret); repeatable.")
    Map<String, String> context = new LinkedHashMap<>();

    @Option(names = "--in", paramLabel = "FILE", defaultValue = Inputs.STDIN,
            description = "Plaintext; - for stdin (default).")
    String in;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = Outputs.STDOUT,
            description = "Where to write the ciphertext; - for stdout (default).")
    String out;

    @Option(names = "--base64", description = "Write the ciphertext as base64 text instead of raw bytes.")
    boolean base64;

    @Override
    protected int run(KmsManager kms) {
        KeyRef ref = KeyArgs.parse(key);
        EncryptionContext ctx = EncryptionContext.of(context);
        byte[] plaintext = Inputs.read(io(), in, "plaintext", Limits.MAX_PLAINTEXT_BYTES, Limits.PLAINTEXT_TOO_LARGE);
        try {
            byte[] ciphertext = kms.encrypt(ref, plaintext, ctx);
            Outputs.write(io(), out, "ciphertext", base64 ? Base64Text.encodeLine(ciphertext) : ciphertext, false);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        return ExitCodes.OK;
    }
}
