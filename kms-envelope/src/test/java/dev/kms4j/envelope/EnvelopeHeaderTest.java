package dev.kms4j.envelope;

import static dev.kms4j.envelope.Codes.fails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeHeaderTest {

    @Test
    void readsEveryFieldWithoutKmsAccess() throws IOException {
        byte[] ct;
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        KeyRef a;
        KeyRef b;
        try (TestKms test = new TestKms()) {
            a = test.localKek();
            b = test.backupKek();
            Envelope envelope = Envelope.builder(test.kms).kek(a).kek(b).segmentSize(2048).build();
            ct = envelope.encrypt("x".getBytes(StandardCharsets.UTF_8), EncryptionContext.empty());
            try (OutputStream out = envelope.encryptingStream(streamed, EncryptionContext.empty())) {
                out.write(1);
            }
        }
        // The KMS is closed now.
        EnvelopeHeader h = EnvelopeHeader.parse(ct);
        assertThat(h.formatVersion()).isEqualTo(1);
        assertThat(h.algorithm()).isEqualTo(PayloadAlgorithm.AES_256_GCM);
        assertThat(h.isStreaming()).isFalse();
        assertThat(h.segmentSize()).isZero();
        assertThat(h.keks()).containsExactly(a.withVersion("1"), b.withVersion("1"));
        assertThat(h.length()).isLessThan(ct.length);

        ByteArrayInputStream in = new ByteArrayInputStream(streamed.toByteArray());
        EnvelopeHeader s = EnvelopeHeader.read(in);
        assertThat(s.algorithm()).isEqualTo(PayloadAlgorithm.AES_256_GCM_HKDF_STREAMING);
        assertThat(s.segmentSize()).isEqualTo(2048);
        assertThat(in.available()).isEqualTo(streamed.size() - s.length());
        assertThat(s.toString()).contains(a.withVersion("1").toUri()).contains("AES_256_GCM_HKDF_STREAMING");
    }

    @Test
    void rejectsANonEnvelope() {
        fails(KmsErrorCode.INTEGRITY, () -> EnvelopeHeader.parse(new byte[] {'K', 'M', 'S'}));
        fails(KmsErrorCode.INVALID_ARGUMENT, () -> EnvelopeHeader.parse(null));
    }
}
