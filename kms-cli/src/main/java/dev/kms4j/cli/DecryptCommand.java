package dev.kms4j.cli;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.envelope.Envelope;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kms decrypt KEY}: decrypts what {@code kms encrypt} made, in either mode: an input that
 * starts with the envelope magic is decrypted as an envelope message, streamed (its data key is
 * unwrapped with KEY, the only KEK trusted); anything else directly under KEY. The plaintext goes
 * only to {@code --out} (a new file is created owner-only; in envelope mode it appears only once
 * the whole message authenticated) or stdout, and is zeroed afterwards (direct mode).
 * Runs once; not thread-safe.
 */
@Command(name = "decrypt",
        description = {"Decrypt data made by kms encrypt (any version of the key, even after rotation).",
            "Envelope messages (kms encrypt --envelope) are recognised and streamed; KEY must be one of their KEKs.",
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
    protected int run(KmsManager kms) throws IOException {
        KeyRef ref = KeyArgs.parse(key);
        EncryptionContext ctx = EncryptionContext.of(context);
        if (!base64) {
            InputStream source = EnvelopeFiles.open(io(), in, "ciphertext", "decrypting");
            if (EnvelopeFiles.isEnvelope(source)) {
                try (source) {
                    return runEnvelope(kms, ref, ctx, source);
                }
            }
            try (source) {
                byte[] direct = source.readNBytes(Limits.MAX_CIPHERTEXT_BYTES + 1);
                if (direct.length > Limits.MAX_CIPHERTEXT_BYTES) {
                    throw new dev.kms4j.KmsException(dev.kms4j.KmsErrorCode.INVALID_ARGUMENT, Limits.CIPHERTEXT_TOO_LARGE);
                }
                return decryptDirect(kms, ref, ctx, direct);
            }
        }
        byte[] ciphertext = base64
                ? Base64Text.decode(Inputs.read(io(), in, "ciphertext", Limits.MAX_CIPHERTEXT_BASE64_CHARS,
                        Limits.CIPHERTEXT_TOO_LARGE), "ciphertext")
                : Inputs.read(io(), in, "ciphertext", Limits.MAX_CIPHERTEXT_BYTES, Limits.CIPHERTEXT_TOO_LARGE);
        return decryptDirect(kms, ref, ctx, ciphertext);
    }

    private int runEnvelope(KmsManager kms, KeyRef ref, EncryptionContext ctx, InputStream source) throws IOException {
        Envelope env = Envelope.builder(kms).kek(ref).build();
        // Unwrap and authenticate the header before creating any output.
        InputStream plaintext = env.decryptingStream(source, ctx);
        try (plaintext) {
            EnvelopeFiles.write(io(), out, "plaintext", target -> {
                try {
                    plaintext.transferTo(target);
                } catch (IOException e) {
                    if (e.getCause() instanceof dev.kms4j.KmsException) {
                        throw (dev.kms4j.KmsException) e.getCause();
                    }
                    throw e;
                }
            });
        }
        return ExitCodes.OK;
    }

    private int decryptDirect(KmsManager kms, KeyRef ref, EncryptionContext ctx, byte[] ciphertext) {
        byte[] plaintext = kms.decrypt(ref, ciphertext, ctx);
        try {
            Outputs.write(io(), out, "plaintext", plaintext, true);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        return ExitCodes.OK;
    }
}
