package dev.kms4j.cli;

import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Map;

/**
 * The steps of {@code kms demo}, each done for real against a keystore and told as a numbered
 * story. Every step checks its own outcome and throws {@link IllegalStateException} if kms4j did
 * not behave as described, so the demo doubles as a smoke test.
 *
 * <p>Secrets: the demo's plaintext and data keys are never printed, only their lengths and
 * whether they matched; copies are zeroed. Signatures and ciphertexts are shown as short
 * prefixes. Runs once; not thread-safe.
 */
final class DemoStory {
    static final KeyRef SIGNING_KEY = KeyRef.parse("local://demo-signing");
    static final KeyRef ENCRYPTION_KEY = KeyRef.parse("local://demo-encryption");
    /** Signed, not secret: printed in the story. */
    static final String MESSAGE = "Pay 100 EUR to Alice, invoice 2026-017";
    /** The demo's secret: encrypted, never printed. */
    static final String SECRET = "demo secret: the vault door code is 4711-0815";

    private static final EncryptionContext CONTEXT = EncryptionContext.of(Map.of("app", "kms-demo", "purpose", "story"));

    private final KmsManager kms;
    private final PrintWriter out;
    private int step;

    DemoStory(KmsManager kms, PrintWriter out) {
        this.kms = kms;
        this.out = out;
    }

    /** Runs every step. */
    void run() {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        try {
            createKey(SIGNING_KEY, KeySpec.EC_P256,
                    "An ECDSA P-256 key pair; the private key is stored encrypted and never leaves the keystore.");
            createKey(ENCRYPTION_KEY, KeySpec.AES_256,
                    "An AES-256-GCM key for direct encryption and for wrapping data keys.");
            byte[] signature = sign();
            verify(signature);
            byte[] ciphertext = encryptAndDecrypt(secret);
            try (DataKey dek = kms.createDek(ENCRYPTION_KEY, DekSpec.AES_256, CONTEXT)) {
                dataKey(dek);
                rotate();
                afterRotation(ciphertext, secret, dek);
            }
            metadataTable();
            tamper(ciphertext);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private void createKey(KeyRef ref, KeySpec spec, String explanation) {
        KeyRef created = kms.createKey(ref, spec);
        KeyMetadata md = kms.metadata(created);
        step("Created " + (spec.isAsymmetric() ? "signing" : "encryption") + " key " + md.ref()
                + " (" + md.spec() + ", version " + KeyFormat.current(md) + ")");
        say(explanation);
    }

    private byte[] sign() {
        byte[] message = MESSAGE.getBytes(StandardCharsets.UTF_8);
        byte[] signature = kms.sign(SIGNING_KEY, SignatureAlgorithm.ECDSA_SHA256, message);
        step("Signed the message \"" + MESSAGE + "\" (" + message.length + " bytes) with ECDSA_SHA256");
        say("signature (DER): " + Previews.hex(signature) + ", base64 " + Previews.base64(signature));
        return signature;
    }

    private void verify(byte[] signature) {
        byte[] message = MESSAGE.getBytes(StandardCharsets.UTF_8);
        boolean valid = kms.verify(SIGNING_KEY, SignatureAlgorithm.ECDSA_SHA256, message, signature);
        check(valid, "the signature did not verify");
        step("Verified the signature with " + SIGNING_KEY + ": valid");
        String forged = MESSAGE.replace("100", "900");
        boolean forgedValid = kms.verify(SIGNING_KEY, SignatureAlgorithm.ECDSA_SHA256,
                forged.getBytes(StandardCharsets.UTF_8), signature);
        check(!forgedValid, "a changed message verified");
        say("The same signature on \"" + forged + "\": INVALID, as it must be.");
        PublicKey publicKey = kms.getPublicKey(SIGNING_KEY);
        check(verifyWithJdk(publicKey, message, signature), "the JDK did not accept the signature");
        say("Checked again outside kms4j, with the exported public key and java.security.Signature: valid.");
    }

    private static boolean verifyWithJdk(PublicKey publicKey, byte[] message, byte[] signature) {
        try {
            Signature jdk = Signature.getInstance(SignatureAlgorithm.ECDSA_SHA256.jcaName());
            jdk.initVerify(publicKey);
            jdk.update(message);
            return jdk.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot verify ECDSA signatures", e);
        }
    }

    private byte[] encryptAndDecrypt(byte[] secret) {
        byte[] ciphertext = kms.encrypt(ENCRYPTION_KEY, secret, CONTEXT);
        step("Encrypted a " + secret.length + "-byte secret under " + ENCRYPTION_KEY + " with context "
                + CONTEXT.asMap());
        say("ciphertext: " + Previews.hex(ciphertext) + "; it records that key version 1 made it.");
        byte[] decrypted = kms.decrypt(ENCRYPTION_KEY, ciphertext, CONTEXT);
        try {
            check(MessageDigest.isEqual(secret, decrypted), "decryption did not return the plaintext");
            say("Decrypted it with the same context: " + decrypted.length
                    + " bytes, identical to the original (plaintext not shown).");
        } finally {
            Arrays.fill(decrypted, (byte) 0);
        }
        return ciphertext;
    }

    private void dataKey(DataKey dek) {
        WrappedKey wrapped = dek.wrapped();
        step("Created a data key (DEK) under " + ENCRYPTION_KEY + ": " + dek.length() + " bytes, AES_256");
        say("The plaintext DEK is never shown: an application encrypts its data with it locally and"
                + " stores only the wrapped form.");
        say("wrapped DEK: " + Previews.hex(wrapped.ciphertext()) + ", wrapped by " + wrapped.kek());
        check(sameKey(dek, kms.unwrap(wrapped, CONTEXT)), "the unwrapped DEK differs");
        say("Unwrapped it again: " + dek.length() + " bytes, equal to the original DEK (compared in constant time).");
    }

    private void rotate() {
        KeyRef current = kms.rotate(ENCRYPTION_KEY);
        check(current.version().isPresent() && current.version().get().equals("2"), "rotation did not make version 2");
        step("Rotated " + ENCRYPTION_KEY + ": current version is now " + current.version().get() + " (" + current + ")");
        say("New encryptions use version 2; version 1 stays enabled so existing data still decrypts.");
        try (DataKey fresh = kms.createDek(ENCRYPTION_KEY, DekSpec.AES_256, CONTEXT)) {
            check(fresh.wrapped().kek().equals(current), "a new DEK was not wrapped by the new version");
            say("A new DEK is now wrapped by " + fresh.wrapped().kek() + ".");
        }
    }

    private void afterRotation(byte[] oldCiphertext, byte[] secret, DataKey oldDek) {
        byte[] decrypted = kms.decrypt(ENCRYPTION_KEY, oldCiphertext, CONTEXT);
        try {
            check(MessageDigest.isEqual(secret, decrypted), "the pre-rotation ciphertext did not decrypt correctly");
        } finally {
            Arrays.fill(decrypted, (byte) 0);
        }
        step("Decrypted the step-5 ciphertext (made with version 1) after the rotation: identical to the original");
        check(sameKey(oldDek, kms.unwrap(oldDek.wrapped(), CONTEXT)), "the pre-rotation DEK did not unwrap");
        say("Unwrapped the step-6 DEK (" + oldDek.wrapped().kek() + ") too: equal to the original DEK.");
    }

    private void metadataTable() {
        step("Key metadata after the rotation:");
        TextTable table = new TextTable("KEY", "SPEC", "STATE", "CURRENT", "VERSIONS");
        for (KeyRef ref : new KeyRef[] {SIGNING_KEY, ENCRYPTION_KEY}) {
            KeyMetadata md = kms.metadata(ref);
            table.row(md.ref(), md.spec(), md.state(), KeyFormat.current(md), KeyFormat.versions(md));
        }
        table.print(out, "   ");
    }

    private void tamper(byte[] ciphertext) {
        byte[] tampered = ciphertext.clone();
        // The last bytes are the authentication tag; any flipped bit anywhere must be caught.
        tampered[tampered.length - 1] ^= 0x01;
        step("Flipped one bit of the step-5 ciphertext and tried to decrypt it:");
        KmsException e = expectFailure(() -> kms.decrypt(ENCRYPTION_KEY, tampered, CONTEXT));
        say("KmsException " + e.code() + ": " + e.getMessage());
        EncryptionContext other = EncryptionContext.of(Map.of("app", "kms-demo", "purpose", "other"));
        KmsException wrongContext = expectFailure(() -> kms.decrypt(ENCRYPTION_KEY, ciphertext, other));
        say("With the original ciphertext but another context: KmsException " + wrongContext.code() + ".");
        say("Nothing was decrypted; kms decrypt reports this with exit code " + ExitCodes.INTEGRITY + ".");
    }

    private static KmsException expectFailure(Runnable decryption) {
        try {
            decryption.run();
        } catch (KmsException e) {
            check(e.code() == dev.kms4j.KmsErrorCode.INTEGRITY, "expected INTEGRITY, got " + e.code());
            return e;
        }
        throw new IllegalStateException("demo check failed: a modified ciphertext or context was accepted");
    }

    /** Compares two data keys in constant time, zeroing the copies, and closes {@code other}. */
    private static boolean sameKey(DataKey original, DataKey other) {
        try (other) {
            byte[] a = original.copyPlaintext();
            byte[] b = other.copyPlaintext();
            try {
                return MessageDigest.isEqual(a, b);
            } finally {
                Arrays.fill(a, (byte) 0);
                Arrays.fill(b, (byte) 0);
            }
        }
    }

    private void step(String headline) {
        step++;
        out.println();
        out.println(step + ". " + headline);
    }

    private void say(String line) {
        out.println("   " + line);
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException("demo check failed: " + failure);
        }
    }
}
