package dev.kms4j.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnvelopeOneShotTest {
    private final TestKms test = new TestKms();
    private final KeyRef kek = test.localKek();
    private final Envelope envelope = Envelope.builder(test.kms).kek(kek).build();
    private final EncryptionContext ctx = EncryptionContext.of("tenant", "t-1");

    @AfterEach
    void close() {
        test.close();
    }

    @Test
    void roundTripsAMessage() {
        byte[] pt = "hello envelope".getBytes(StandardCharsets.UTF_8);
        assertThat(envelope.decrypt(envelope.encrypt(pt, ctx), ctx)).isEqualTo(pt);
    }

    @Test
    void roundTripsAnEmptyPlaintext() {
        byte[] ct = envelope.encrypt(new byte[0], ctx);
        assertThat(envelope.decrypt(ct, ctx)).isEmpty();
    }

    @Test
    void roundTripsOneMebibyte() {
        byte[] pt = new byte[1 << 20];
        new SecureRandom().nextBytes(pt);
        assertThat(envelope.decrypt(envelope.encrypt(pt, ctx), ctx)).isEqualTo(pt);
    }

    @Test
    void roundTripsUnderTheEmptyContext() {
        byte[] pt = {1, 2, 3};
        EncryptionContext empty = EncryptionContext.empty();
        assertThat(envelope.decrypt(envelope.encrypt(pt, empty), empty)).isEqualTo(pt);
    }

    @Test
    void encryptsEachMessageUnderAFreshDataKeyWithoutCache() {
        byte[] a = envelope.encrypt(new byte[] {1}, ctx);
        byte[] b = envelope.encrypt(new byte[] {1}, ctx);
        assertThat(EnvelopeHeader.parse(a).wrappedKeys()).isNotEqualTo(EnvelopeHeader.parse(b).wrappedKeys());
    }

    @Test
    void recordsTheExactKekVersionInTheHeader() {
        byte[] ct = envelope.encrypt(new byte[] {1}, ctx);
        assertThat(EnvelopeHeader.parse(ct).keks()).containsExactly(kek.withVersion("1"));
    }

    @Test
    void decryptsOldMessagesAfterTheKekRotated() {
        byte[] before = envelope.encrypt(new byte[] {7}, ctx);
        KeyRef v2 = test.kms.rotate(kek);
        byte[] after = envelope.encrypt(new byte[] {8}, ctx);
        assertThat(EnvelopeHeader.parse(after).keks()).containsExactly(v2);
        assertThat(envelope.decrypt(before, ctx)).containsExactly(7);
        assertThat(envelope.decrypt(after, ctx)).containsExactly(8);
    }

    @Test
    void anotherEnvelopeOverTheSameKmsDecrypts() {
        byte[] ct = envelope.encrypt(new byte[] {5}, ctx);
        Envelope other = Envelope.builder(test.kms).kek(test.localKek()).trustKek(kek).build();
        assertThat(other.decrypt(ct, ctx)).containsExactly(5);
    }

    @Test
    void rejectsNullArgumentsAsInvalidArgument() {
        assertThatThrownBy(() -> envelope.encrypt(null, ctx)).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> envelope.decrypt(new byte[10], null)).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void builderRejectsNoKeks() {
        assertThatThrownBy(() -> Envelope.builder(test.kms).build()).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void builderRejectsTheSameKekTwice() {
        assertThatThrownBy(() -> Envelope.builder(test.kms).kek(kek).kek(kek.withVersion("1")).build())
                .isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void builderRejectsAnOutOfRangeSegmentSize() {
        assertThatThrownBy(() -> Envelope.builder(test.kms).segmentSize(100)).isInstanceOf(KmsException.class);
        assertThatThrownBy(() -> Envelope.builder(test.kms).segmentSize(64 << 20)).isInstanceOf(KmsException.class);
    }

    @Test
    void closedEnvelopeRefusesWork() {
        envelope.close();
        assertThatThrownBy(() -> envelope.encrypt(new byte[1], ctx)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringShowsNoPlaintextOrKeys() {
        assertThat(envelope.toString()).contains(kek.toUri()).doesNotContain("tenant");
    }
}
