package dev.kms4j.cli;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.envelope.Envelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kms encrypt KEY}: by default encrypts up to 1 MiB directly under the key; with
 * {@code --envelope}, encrypts input of any size as a streaming envelope message (a data key
 * wrapped under KEY and every {@code --kek}). The plaintext is zeroed after use (direct mode) or
 * streamed through (envelope mode) and never printed. Runs once; not thread-safe.
 */
@Command(name = "encrypt",
        description = {"Encrypt data directly under a key (default, at most 1 MiB), or with --envelope as an",
            "envelope message of any size (streamed; progress on stderr for files of 16 MiB or more).",
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

    @Option(names = "--base64", description = "Write the ciphertext as base64 text instead of raw bytes (direct mode only).")
    boolean base64;

    @Option(names = "--envelope",
            description = "Envelope mode: any size, streamed; see docs/envelope.md. Inspect the result with kms inspect.")
    boolean envelope;

    @Option(names = "--kek", paramLabel = "KEY",
            description = "Envelope mode: also wrap the data key under this KEK (repeatable); any one KEK then decrypts.")
    List<String> moreKeks = new ArrayList<>();

    @Option(names = "--segment-size", paramLabel = "BYTES",
            description = "Envelope mode: ciphertext segment size (default: 1048576).")
    Integer segmentSize;

    @Override
    protected int run(KmsManager kms) throws IOException {
        KeyRef ref = KeyArgs.parse(key);
        EncryptionContext ctx = EncryptionContext.of(context);
        if (envelope) {
            return runEnvelope(kms, ref, ctx);
        }
        if (!moreKeks.isEmpty() || segmentSize != null) {
            throw new ParameterException(spec.commandLine(), "--kek and --segment-size need --envelope");
        }
        byte[] plaintext = Inputs.read(io(), in, "plaintext", Limits.MAX_PLAINTEXT_BYTES, Limits.PLAINTEXT_TOO_LARGE);
        try {
            byte[] ciphertext = kms.encrypt(ref, plaintext, ctx);
            Outputs.write(io(), out, "ciphertext", base64 ? Base64Text.encodeLine(ciphertext) : ciphertext, false);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        return ExitCodes.OK;
    }

    private int runEnvelope(KmsManager kms, KeyRef ref, EncryptionContext ctx) throws IOException {
        if (base64) {
            throw new ParameterException(spec.commandLine(), "--base64 is for direct mode; envelope messages are binary");
        }
        Envelope.Builder builder = Envelope.builder(kms).kek(ref);
        for (String more : moreKeks) {
            builder.kek(KeyArgs.parse(more));
        }
        if (segmentSize != null) {
            builder.segmentSize(segmentSize);
        }
        Envelope env = builder.build();
        try (InputStream plaintext = EnvelopeFiles.open(io(), in, "plaintext", "encrypting")) {
            EnvelopeFiles.write(io(), out, "ciphertext", target -> {
                try (OutputStream enc = env.encryptingStream(target, ctx)) {
                    plaintext.transferTo(enc);
                }
            });
        }
        return ExitCodes.OK;
    }
}
