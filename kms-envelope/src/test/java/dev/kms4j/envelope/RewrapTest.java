package dev.kms4j.envelope;

import static dev.kms4j.envelope.Codes.fails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RewrapTest {
    private final TestKms test = new TestKms();
    private final KeyRef oldKek = test.localKek();
    private final KeyRef newKek = test.localKek();
    private final EncryptionContext ctx = EncryptionContext.of("doc", "42");
    private final Envelope oldEnvelope = Envelope.builder(test.kms).kek(oldKek).segmentSize(1024).build();
    private final Envelope newEnvelope = Envelope.builder(test.kms).kek(newKek).trustKek(oldKek).build();

    @AfterEach
    void close() {
        test.close();
    }

    private static byte[] payload(byte[] message) {
        return Arrays.copyOfRange(message, EnvelopeHeader.parse(message).length(), message.length);
    }

    @Test
    void rewrapsTheHeaderToTheNewKekAndKeepsThePayloadBytes() {
        byte[] ct = oldEnvelope.encrypt(new byte[] {1, 2, 3}, ctx);
        byte[] rewrapped = newEnvelope.rewrap(ct, ctx);
        assertThat(EnvelopeHeader.parse(rewrapped).keks()).containsExactly(newKek.withVersion("1"));
        assertThat(payload(rewrapped)).isEqualTo(payload(ct));
    }

    @Test
    void rewrappedMessageDecryptsWithoutTheOldKek() {
        byte[] ct = oldEnvelope.encrypt(new byte[] {1, 2, 3}, ctx);
        byte[] rewrapped = newEnvelope.rewrap(ct, ctx);
        test.kms.disable(oldKek);
        assertThat(newEnvelope.decrypt(rewrapped, ctx)).containsExactly(1, 2, 3);
    }

    @Test
    void rewrapsToTheCurrentVersionAfterRotation() {
        byte[] ct = oldEnvelope.encrypt(new byte[] {4}, ctx);
        KeyRef v2 = test.kms.rotate(oldKek);
        byte[] rewrapped = oldEnvelope.rewrap(ct, ctx);
        assertThat(EnvelopeHeader.parse(rewrapped).keks()).containsExactly(v2);
        assertThat(oldEnvelope.decrypt(rewrapped, ctx)).containsExactly(4);
    }

    @Test
    void rewrapsAStreamInConstantMemory() throws IOException {
        byte[] pt = new byte[10_000];
        new java.util.Random(1).nextBytes(pt);
        ByteArrayOutputStream enc = new ByteArrayOutputStream();
        try (OutputStream out = oldEnvelope.encryptingStream(enc, ctx)) {
            out.write(pt);
        }
        ByteArrayOutputStream rewrapped = new ByteArrayOutputStream();
        EnvelopeHeader header = newEnvelope.rewrap(new ByteArrayInputStream(enc.toByteArray()), rewrapped, ctx);
        assertThat(header.keks()).containsExactly(newKek.withVersion("1"));
        assertThat(header.segmentSize()).isEqualTo(1024);
        assertThat(payload(rewrapped.toByteArray())).isEqualTo(payload(enc.toByteArray()));
        try (InputStream in = newEnvelope.decryptingStream(new ByteArrayInputStream(rewrapped.toByteArray()), ctx)) {
            assertThat(in.readAllBytes()).isEqualTo(pt);
        }
    }

    @Test
    void refusesAMessageWithATamperedHeader() {
        byte[] ct = oldEnvelope.encrypt(new byte[] {1}, ctx);
        byte[] bad = ct.clone();
        bad[EnvelopeHeader.parse(ct).length() - 3] ^= 1;
        fails(KmsErrorCode.INTEGRITY, () -> newEnvelope.rewrap(bad, ctx));
    }

    @Test
    void refusesTheWrongContext() {
        byte[] ct = oldEnvelope.encrypt(new byte[] {1}, ctx);
        fails(KmsErrorCode.INTEGRITY, () -> newEnvelope.rewrap(ct, EncryptionContext.empty()));
    }

    @Test
    void rewrapWithoutContextUsesTheEmptyContext() {
        byte[] ct = oldEnvelope.encrypt(new byte[] {1}, EncryptionContext.empty());
        assertThat(newEnvelope.decrypt(newEnvelope.rewrap(ct), EncryptionContext.empty())).containsExactly(1);
    }

    @Test
    void verifyHeaderAuthenticatesWithoutThePayload() throws IOException {
        byte[] ct = oldEnvelope.encrypt(new byte[] {1}, ctx);
        ByteArrayInputStream in = new ByteArrayInputStream(ct);
        EnvelopeHeader header = newEnvelope.verifyHeader(in, ctx);
        assertThat(header.keks()).containsExactly(oldKek.withVersion("1"));
        assertThat(in.available()).isEqualTo(ct.length - header.length());
        byte[] bad = ct.clone();
        bad[header.length() - 1] ^= 1;
        fails(KmsErrorCode.INTEGRITY, () -> newEnvelope.verifyHeader(new ByteArrayInputStream(bad), ctx));
    }
}
