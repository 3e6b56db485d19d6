package dev.kms4j.envelope.tink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link KmsAead}: a Tink AEAD backed by a kms4j key, with the associated data authenticated. */
class KmsAeadTest {
    private static final byte[] PLAINTEXT = "card 4111".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AD = "order-17".getBytes(StandardCharsets.UTF_8);

    private KmsManager kms;
    private KeyRef key;
    private KmsAead aead;

    @BeforeEach
    void setUp() {
        kms = TinkTestKms.localInMemory();
        key = TinkTestKms.newKey(kms, "aead");
        aead = KmsAead.of(kms, key);
    }

    @AfterEach
    void tearDown() {
        kms.close();
    }

    @Test
    void encryptThenDecryptRoundTrips() throws Exception {
        assertThat(aead.decrypt(aead.encrypt(PLAINTEXT, AD), AD)).isEqualTo(PLAINTEXT);
    }

    @Test
    void otherAssociatedDataFailsWithATypedIntegrityCause() throws Exception {
        byte[] ct = aead.encrypt(PLAINTEXT, AD);
        assertIntegrity(() -> aead.decrypt(ct, "order-18".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nullAssociatedDataIsTheSameAsEmpty() throws Exception {
        assertThat(aead.decrypt(aead.encrypt(PLAINTEXT, null), new byte[0])).isEqualTo(PLAINTEXT);
    }

    @Test
    void emptyAssociatedDataIsTheEmptyContextOfThePlainApi() throws Exception {
        byte[] ct = kms.encrypt(key, PLAINTEXT, EncryptionContext.empty());
        assertThat(aead.decrypt(ct, null)).isEqualTo(PLAINTEXT);
    }

    @Test
    void associatedDataIsBoundAsHexLikeTinksAwsKmsAead() throws Exception {
        byte[] ct = aead.encrypt(PLAINTEXT, AD);
        EncryptionContext tinkStyle = EncryptionContext.of("associatedData", HexFormat.of().formatHex(AD));
        assertThat(kms.decrypt(key, ct, tinkStyle)).isEqualTo(PLAINTEXT);
    }

    @Test
    void longAssociatedDataRoundTripsAndIsBound() throws Exception {
        byte[] longAd = new byte[10_000];
        longAd[9_999] = 1;
        byte[] ct = aead.encrypt(PLAINTEXT, longAd);
        assertThat(aead.decrypt(ct, longAd)).isEqualTo(PLAINTEXT);
        byte[] other = longAd.clone();
        other[9_999] = 2;
        assertIntegrity(() -> aead.decrypt(ct, other));
    }

    @Test
    void associatedDataAtTheInlineLimitAndJustAboveAreNotInterchangeable() throws Exception {
        byte[] inline = new byte[2048];
        byte[] hashed = new byte[2049];
        byte[] ct = aead.encrypt(PLAINTEXT, inline);
        assertThat(aead.decrypt(ct, inline)).isEqualTo(PLAINTEXT);
        assertIntegrity(() -> aead.decrypt(ct, hashed));
    }

    @Test
    void tamperedCiphertextFailsWithATypedIntegrityCause() throws Exception {
        byte[] ct = aead.encrypt(PLAINTEXT, AD);
        ct[ct.length - 1] ^= 1;
        assertIntegrity(() -> aead.decrypt(ct, AD));
    }

    @Test
    void unknownKeyFailsWithATypedCause() {
        KmsAead missing = KmsAead.of(kms, KeyRef.of("local", "no-such-key"));
        assertThatThrownBy(() -> missing.encrypt(PLAINTEXT, AD)).isInstanceOf(GeneralSecurityException.class)
                .cause().isInstanceOf(KmsException.class)
                .extracting(c -> ((KmsException) c).code()).isEqualTo(KmsErrorCode.NOT_FOUND);
    }

    @Test
    void failureMessagesCarryNoPlaintext() {
        KmsAead missing = KmsAead.of(kms, KeyRef.of("local", "no-such-key"));
        assertThatThrownBy(() -> missing.encrypt(PLAINTEXT, AD)).message().doesNotContain("card 4111");
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThatThrownBy(() -> KmsAead.of(null, key)).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    static void assertIntegrity(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(GeneralSecurityException.class)
                .cause().isInstanceOf(KmsException.class)
                .extracting(c -> ((KmsException) c).code()).isEqualTo(KmsErrorCode.INTEGRITY);
    }
}
