package dev.kms4j.envelope;

import static dev.kms4j.envelope.Codes.fails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MultiKekTest {
    private final TestKms test = new TestKms();
    private final KeyRef primary = test.localKek();
    private final KeyRef secondary = test.localKek();
    private final KeyRef remote = test.backupKek();
    private final EncryptionContext ctx = EncryptionContext.of("app", "orders");
    private final byte[] pt = {1, 2, 3, 4};

    @AfterEach
    void close() {
        test.close();
    }

    @Test
    void wrapsTheDataKeyUnderEveryKekInOrder() {
        Envelope envelope = Envelope.builder(test.kms).kek(primary).kek(remote).kek(secondary).build();
        byte[] ct = envelope.encrypt(pt, ctx);
        assertThat(EnvelopeHeader.parse(ct).keks())
                .containsExactly(primary.withVersion("1"), remote.withVersion("1"), secondary.withVersion("1"));
    }

    @Test
    void decryptsWithTheSecondKekWhenTheFirstProviderIsDown() {
        Envelope envelope = Envelope.builder(test.kms).kek(remote).kek(primary).build();
        byte[] ct = envelope.encrypt(pt, ctx);
        test.backup.down.set(true);
        assertThat(envelope.decrypt(ct, ctx)).isEqualTo(pt);
    }

    @Test
    void decryptsWithAnyOneKekOfTheHeader() {
        byte[] ct = Envelope.builder(test.kms).kek(primary).kek(secondary).build().encrypt(pt, ctx);
        assertThat(Envelope.builder(test.kms).kek(secondary).build().decrypt(ct, ctx)).isEqualTo(pt);
        assertThat(Envelope.builder(test.kms).kek(test.localKek()).trustAnyKek().build().decrypt(ct, ctx)).isEqualTo(pt);
    }

    @Test
    void byDefaultAMessageNamingNoTrustedKekIsRefusedBeforeAnyKmsCall() {
        byte[] ct = Envelope.builder(test.kms).kek(remote).build().encrypt(pt, ctx);
        int before = test.backup.unwraps.get();

        KmsException e = fails(KmsErrorCode.PERMISSION_DENIED,
                () -> Envelope.builder(test.kms).kek(primary).build().decrypt(ct, ctx));

        assertThat(e.getMessage()).contains(remote.withVersion("1").toUri());
        assertThat(test.backup.unwraps.get()).isEqualTo(before);
    }

    @Test
    void aTrustedKekDecryptsWithoutBeingUsedForEncryption() {
        byte[] ct = Envelope.builder(test.kms).kek(secondary).build().encrypt(pt, ctx);
        Envelope envelope = Envelope.builder(test.kms).kek(primary).trustKek(secondary).build();

        assertThat(envelope.decrypt(ct, ctx)).isEqualTo(pt);
        assertThat(EnvelopeHeader.parse(envelope.encrypt(pt, ctx)).keks()).containsExactly(primary.withVersion("1"));
    }

    @Test
    void aTrustedKekPinnedToAVersionDoesNotTrustTheOthers() {
        byte[] ct = Envelope.builder(test.kms).kek(secondary).build().encrypt(pt, ctx);

        fails(KmsErrorCode.PERMISSION_DENIED, () -> Envelope.builder(test.kms).kek(primary)
                .trustKek(secondary.withVersion("2")).build().decrypt(ct, ctx));
    }

    @Test
    void triesTheConfiguredKeksFirst() {
        byte[] ct = Envelope.builder(test.kms).kek(remote).kek(primary).build().encrypt(pt, ctx);
        // The header lists the remote KEK first, but this envelope names the local one first:
        // the remote provider is never asked.
        int before = test.backup.unwraps.get();
        assertThat(Envelope.builder(test.kms).kek(primary).build().decrypt(ct, ctx)).isEqualTo(pt);
        assertThat(test.backup.unwraps.get()).isEqualTo(before);
    }

    @Test
    void whenEveryKekFailsTheErrorNamesThemAndPrefersTheRetryableCode() {
        byte[] ct = Envelope.builder(test.kms).kek(remote).kek(primary).build().encrypt(pt, ctx);
        test.backup.down.set(true);
        test.kms.disable(primary);
        KmsException e = fails(KmsErrorCode.UNAVAILABLE,
                () -> Envelope.builder(test.kms).kek(primary).trustKek(remote).build().decrypt(ct, ctx));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains(primary.withVersion("1").toUri()).contains(remote.withVersion("1").toUri());
        assertThat(e.getSuppressed()).hasSize(1);
    }

    @Test
    void withoutAReachableKekTheStateErrorWins() {
        byte[] ct = Envelope.builder(test.kms).kek(primary).kek(secondary).build().encrypt(pt, ctx);
        test.kms.disable(primary);
        test.kms.scheduleDeletion(secondary, java.time.Duration.ofDays(7));
        fails(KmsErrorCode.INVALID_KEY_STATE, () -> Envelope.builder(test.kms).kek(primary).build().decrypt(ct, ctx));
    }

    @Test
    void encryptFailsWhenAnyKekCannotWrap() {
        Envelope envelope = Envelope.builder(test.kms).kek(primary).kek(remote).build();
        test.backup.down.set(true);
        fails(KmsErrorCode.UNAVAILABLE, () -> envelope.encrypt(pt, ctx));
    }

    @Test
    void anEntryWrappingADifferentDataKeyIsIntegrity() {
        // Build a two-KEK message, then replace its second entry by the (same-length) entry of
        // another message under the same KEK: it unwraps fine but to another DEK.
        Envelope two = Envelope.builder(test.kms).kek(primary).kek(secondary).build();
        byte[] a = two.encrypt(pt, ctx);
        byte[] b = two.encrypt(pt, ctx);
        EnvelopeHeader ha = EnvelopeHeader.parse(a);
        int tagStart = ha.length() - 32;
        int secondWrapped = ha.wrappedKeys().get(1).length();
        byte[] spliced = a.clone();
        System.arraycopy(b, tagStart - secondWrapped, spliced, tagStart - secondWrapped, secondWrapped);
        fails(KmsErrorCode.INTEGRITY, () -> Envelope.builder(test.kms).kek(secondary).build().decrypt(spliced, ctx));
        // The tag covers every entry, so a reader of the untouched first entry refuses it too.
        fails(KmsErrorCode.INTEGRITY, () -> Envelope.builder(test.kms).kek(primary).build().decrypt(spliced, ctx));
    }
}
