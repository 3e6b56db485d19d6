package dev.kms4j.envelope;

import static dev.kms4j.envelope.Codes.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnvelopeStreamingTest {
    private static final int SEGMENT = 4096;
    private final TestKms test = new TestKms();
    private final KeyRef kek = test.localKek();
    private final Envelope envelope = Envelope.builder(test.kms).kek(kek).segmentSize(SEGMENT).build();
    private final EncryptionContext ctx = EncryptionContext.of("file", "report.csv");

    @AfterEach
    void close() {
        test.close();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private byte[] encrypt(byte[] plaintext) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = envelope.encryptingStream(out, ctx)) {
            // Odd-sized writes so segment boundaries fall inside writes.
            for (int off = 0; off < plaintext.length; off += 1000) {
                enc.write(plaintext, off, Math.min(1000, plaintext.length - off));
            }
        }
        return out.toByteArray();
    }

    private byte[] decrypt(byte[] ciphertext) throws IOException {
        try (InputStream in = envelope.decryptingStream(new ByteArrayInputStream(ciphertext), ctx)) {
            return in.readAllBytes();
        }
    }

    @Test
    void roundTripsAcrossManySegments() throws IOException {
        byte[] pt = random(SEGMENT * 25 + 123);
        byte[] ct = encrypt(pt);
        assertThat(EnvelopeHeader.parse(ct).isStreaming()).isTrue();
        assertThat(EnvelopeHeader.parse(ct).segmentSize()).isEqualTo(SEGMENT);
        assertThat(decrypt(ct)).isEqualTo(pt);
    }

    @Test
    void roundTripsAZeroByteStream() throws IOException {
        byte[] ct = encrypt(new byte[0]);
        assertThat(decrypt(ct)).isEmpty();
    }

    @Test
    void roundTripsExactlyOneSegmentBoundary() throws IOException {
        for (int n : new int[] {1, SEGMENT - 60, SEGMENT - 24, SEGMENT, 2 * SEGMENT}) {
            byte[] pt = random(n);
            assertThat(decrypt(encrypt(pt))).as("size %d", n).isEqualTo(pt);
        }
    }

    @Test
    void oneShotDecryptReadsAStreamingMessage() throws IOException {
        byte[] pt = random(3 * SEGMENT);
        assertThat(envelope.decrypt(encrypt(pt), ctx)).isEqualTo(pt);
    }

    @Test
    void decryptingStreamReadsAOneShotMessage() throws IOException {
        byte[] pt = random(100);
        assertThat(decrypt(envelope.encrypt(pt, ctx))).isEqualTo(pt);
    }

    @Test
    void roundTripsThroughChannels() throws IOException {
        byte[] pt = random(SEGMENT * 3 + 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WritableByteChannel ch = envelope.encryptingChannel(Channels.newChannel(out), ctx)) {
            ch.write(ByteBuffer.wrap(pt));
        }
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        try (ReadableByteChannel ch = envelope.decryptingChannel(
                Channels.newChannel(new ByteArrayInputStream(out.toByteArray())), ctx)) {
            ByteBuffer buf = ByteBuffer.allocate(1000);
            while (ch.read(buf) >= 0) {
                back.write(buf.array(), 0, buf.position());
                buf.clear();
            }
        }
        assertThat(back.toByteArray()).isEqualTo(pt);
    }

    @Test
    void truncatedPayloadFailsWithIntegrityCause() throws IOException {
        byte[] ct = encrypt(random(SEGMENT * 3));
        for (int cut : new int[] {1, 17, SEGMENT, SEGMENT + 1}) {
            byte[] truncated = Arrays.copyOf(ct, ct.length - cut);
            assertIntegrityWhileReading(truncated);
        }
    }

    @Test
    void streamNotClosedByTheWriterFailsWithIntegrityCause() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStream enc = envelope.encryptingStream(out, ctx);
        enc.write(random(SEGMENT * 2));
        enc.flush();
        assertIntegrityWhileReading(out.toByteArray());
    }

    @Test
    void flippedBitInALaterSegmentReleasesOnlyAuthenticatedSegments() throws IOException {
        byte[] pt = random(SEGMENT * 4);
        byte[] ct = encrypt(pt);
        int header = EnvelopeHeader.parse(ct).length();
        byte[] bad = ct.clone();
        bad[header + 2 * SEGMENT + 100] ^= 1; // inside the third segment
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        try (InputStream in = envelope.decryptingStream(new ByteArrayInputStream(bad), ctx)) {
            byte[] buf = new byte[512];
            assertThatThrownBy(() -> {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    released.write(buf, 0, n);
                }
            }).isInstanceOf(IOException.class).hasCauseInstanceOf(KmsException.class);
            // And it keeps failing.
            assertThatThrownBy(() -> in.read(buf)).isInstanceOf(IOException.class);
        }
        byte[] got = released.toByteArray();
        assertThat(got.length).isLessThanOrEqualTo(2 * SEGMENT);
        assertThat(got).isEqualTo(Arrays.copyOf(pt, got.length));
    }

    @Test
    void wrongContextFailsBeforeAnyPlaintext() throws IOException {
        byte[] ct = encrypt(random(100));
        fails(KmsErrorCode.INTEGRITY,
                () -> envelope.decryptingStream(new ByteArrayInputStream(ct), EncryptionContext.of("file", "other")));
    }

    @Test
    void truncatedHeaderFailsAsKmsException() throws IOException {
        byte[] ct = encrypt(random(100));
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decryptingStream(new ByteArrayInputStream(Arrays.copyOf(ct, 30)), ctx));
    }

    @Test
    void ioFailureOfTheSourcePassesThroughUnchanged() throws IOException {
        byte[] ct = encrypt(random(SEGMENT * 3));
        IOException disk = new IOException("disk on fire");
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(ct)) {
            private int served;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > SEGMENT * 2) {
                    throw disk;
                }
                int n = super.read(b, off, Math.min(len, 512));
                served += Math.max(n, 0);
                return n;
            }
        };
        try (InputStream in = envelope.decryptingStream(failing, ctx)) {
            assertThatThrownBy(in::readAllBytes).isSameAs(disk);
        }
    }

    @Test
    void wrongContextFailsOnTheOneShotPathOfAStreamingMessage() throws IOException {
        byte[] ct = encrypt(random(100));
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(ct, EncryptionContext.empty()));
    }

    @Test
    void truncatedStreamingMessageFailsOnTheOneShotPathAsIntegrity() throws IOException {
        byte[] ct = encrypt(random(SEGMENT * 2));
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(Arrays.copyOf(ct, ct.length - 5), ctx));
    }

    private void assertIntegrityWhileReading(byte[] ciphertext) throws IOException {
        try (InputStream in = envelope.decryptingStream(new ByteArrayInputStream(ciphertext), ctx)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(IOException.class)
                    .cause().isInstanceOfSatisfying(KmsException.class,
                            e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INTEGRITY));
        }
    }
}
