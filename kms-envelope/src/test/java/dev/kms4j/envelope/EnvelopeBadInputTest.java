package dev.kms4j.envelope;

import static dev.kms4j.envelope.Codes.fails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every item of the "Bad input" list for one-shot messages (streams: EnvelopeStreamingTest). */
class EnvelopeBadInputTest {
    private final TestKms test = new TestKms();
    private final KeyRef kek = test.localKek();
    private final Envelope envelope = Envelope.builder(test.kms).kek(kek).build();
    private final EncryptionContext ctx = EncryptionContext.of("tenant", "t-1");
    private final byte[] plaintext = "a secret message".getBytes(StandardCharsets.UTF_8);
    private final byte[] ct = envelope.encrypt(plaintext, ctx);
    private final int headerLength = EnvelopeHeader.parse(ct).length();

    @AfterEach
    void close() {
        test.close();
    }

    @Test
    void truncatedHeaderIsIntegrity() {
        for (int n : new int[] {0, 1, 4, 10, 11, 20, headerLength - 1}) {
            fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(Arrays.copyOf(ct, n), ctx));
        }
    }

    @Test
    void truncatedPayloadIsIntegrity() {
        for (int n = headerLength; n < ct.length; n++) {
            int len = n;
            fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(Arrays.copyOf(ct, len), ctx));
        }
    }

    @Test
    void extraTrailingBytesAreIntegrity() {
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(Arrays.copyOf(ct, ct.length + 1), ctx));
    }

    @Test
    void flippedBitInThePayloadIsIntegrity() {
        byte[] bad = ct.clone();
        bad[ct.length - 20] ^= 1;
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(bad, ctx));
    }

    @Test
    void flippedBitInTheWrappedKeyIsIntegrity() {
        byte[] bad = ct.clone();
        bad[headerLength - 40] ^= 1;
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(bad, ctx));
    }

    @Test
    void flippedBitInTheHeaderTagIsIntegrity() {
        byte[] bad = ct.clone();
        bad[headerLength - 1] ^= 1;
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(bad, ctx));
    }

    @Test
    void wrongContextIsIntegrity() {
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(ct, EncryptionContext.of("tenant", "t-2")));
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(ct, EncryptionContext.empty()));
    }

    @Test
    void wrappedKeyCopiedFromAnotherMessageIsIntegrity() {
        byte[] other = envelope.encrypt(plaintext, ctx);
        // Same KEK, so the headers have the same layout: take the other header's wrapped key and
        // keep this message's tag and payload.
        byte[] spliced = ct.clone();
        int wrappedStart = headerLength - 32 - EnvelopeHeader.parse(other).wrappedKeys().get(0).length();
        System.arraycopy(other, wrappedStart, spliced, wrappedStart, headerLength - 32 - wrappedStart);
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(spliced, ctx));
    }

    @Test
    void wholeHeaderFromAnotherMessageIsIntegrity() {
        byte[] other = envelope.encrypt(plaintext, ctx);
        byte[] spliced = ct.clone();
        System.arraycopy(other, 0, spliced, 0, headerLength);
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(spliced, ctx));
    }

    @Test
    void unknownKekIsPermissionDeniedUnlessAnyKekIsTrusted() {
        fails(KmsErrorCode.PERMISSION_DENIED, () -> envelope.decrypt(withKek(ct, "local://no-such-key#1"), ctx));
    }

    @Test
    void unknownKekIsNotFound() {
        Envelope discovering = Envelope.builder(test.kms).kek(kek).trustAnyKek().build();
        KmsException e = fails(KmsErrorCode.NOT_FOUND, () -> discovering.decrypt(withKek(ct, "local://no-such-key#1"), ctx));
        assertThat(e.getMessage()).contains("local://no-such-key#1");
    }

    @Test
    void kekOfADisabledSchemeIsInvalidArgumentNamingTheKek() {
        Envelope discovering = Envelope.builder(test.kms).kek(kek).trustAnyKek().build();
        KmsException e = fails(KmsErrorCode.INVALID_ARGUMENT,
                () -> discovering.decrypt(withKek(ct, "azure-kv://vault.example/k#1"), ctx));
        assertThat(e.getMessage()).contains("azure-kv://vault.example/k#1");
    }

    @Test
    void kekWhoseProviderIsDownIsUnavailableAndRetryable() {
        Envelope remote = Envelope.builder(test.kms).kek(test.backupKek()).build();
        byte[] message = remote.encrypt(plaintext, ctx);
        test.backup.down.set(true);
        KmsException e = fails(KmsErrorCode.UNAVAILABLE, () -> remote.decrypt(message, ctx));
        assertThat(e.isRetryable()).isTrue();
        fails(KmsErrorCode.UNAVAILABLE, () -> remote.encrypt(plaintext, ctx));
    }

    @Test
    void unknownFormatVersionIsUnsupported() {
        byte[] bad = ct.clone();
        bad[4] = 2;
        fails(KmsErrorCode.UNSUPPORTED, () -> envelope.decrypt(bad, ctx));
    }

    @Test
    void unknownAlgorithmIsUnsupported() {
        byte[] bad = ct.clone();
        bad[5] = 99;
        fails(KmsErrorCode.UNSUPPORTED, () -> envelope.decrypt(bad, ctx));
    }

    @Test
    void algorithmSwitchedToStreamingIsIntegrity() {
        byte[] bad = ct.clone();
        bad[5] = 2;
        ByteBuffer.wrap(bad, 6, 4).putInt(4096);
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(bad, ctx));
    }

    @Test
    void badMagicIsIntegrity() {
        byte[] bad = ct.clone();
        bad[0] = 'X';
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(bad, ctx));
    }

    @Test
    void tooManyEntriesIsRejectedBeforeAllocating() {
        byte[] bad = ct.clone();
        bad[10] = (byte) 200;
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(bad, ctx));
    }

    @Test
    void zeroEntriesIsIntegrity() {
        byte[] bad = ct.clone();
        bad[10] = 0;
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(bad, ctx));
    }

    @Test
    void oversizedUriLengthIsIntegrity() {
        byte[] bad = ct.clone();
        bad[11] = (byte) 0xff;
        bad[12] = (byte) 0xff;
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(bad, ctx));
    }

    @Test
    void malformedKekUriIsIntegrity() {
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(withKek(ct, "no scheme here"), ctx));
    }

    @Test
    void randomBytesAreIntegrity() {
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt("definitely not an envelope".getBytes(StandardCharsets.UTF_8), ctx));
    }

    /** The message with its (single) KEK URI replaced, lengths adjusted. */
    static byte[] withKek(byte[] message, String uri) {
        int uriLength = ((message[11] & 0xff) << 8) | (message[12] & 0xff);
        byte[] newUri = uri.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(message, 0, 11);
        out.write(newUri.length >>> 8);
        out.write(newUri.length);
        out.write(newUri, 0, newUri.length);
        out.write(message, 13 + uriLength, message.length - 13 - uriLength);
        return out.toByteArray();
    }
}
