package dev.kms4j.envelope.tink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClients;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import com.google.crypto.tink.aead.LegacyKmsEnvelopeAeadParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tink's own {@link KmsEnvelopeAead} over a kms4j key: directly over {@link KmsAead}, and through
 * a Tink keyset whose KEK URI Tink resolves with an explicitly registered {@link Kms4jKmsClient};
 * each reads what the other wrote.
 */
class TinkKmsEnvelopeAeadTest {
    private static final byte[] PLAINTEXT = "a Tink envelope over kms4j".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AD = "context".getBytes(StandardCharsets.UTF_8);

    private KmsManager kms;
    private KeyRef kek;

    @BeforeEach
    void setUp() throws Exception {
        AeadConfig.register();
        kms = TinkTestKms.localInMemory();
        kek = TinkTestKms.newKey(kms, "tink-kek");
    }

    @AfterEach
    void tearDown() {
        kms.close();
    }

    @Test
    void tinksKmsEnvelopeAeadRoundTripsOverAKms4jKey() throws Exception {
        Aead envelope = KmsEnvelopeAead.create(PredefinedAeadParameters.AES256_GCM, KmsAead.of(kms, kek));
        assertThat(envelope.decrypt(envelope.encrypt(PLAINTEXT, AD), AD)).isEqualTo(PLAINTEXT);
    }

    @Test
    void aKeysetResolvedThroughTheRegisteredClientReadsWhatKmsEnvelopeAeadWrote() throws Exception {
        byte[] ct = KmsEnvelopeAeads.aes256Gcm(kms, kek).encrypt(PLAINTEXT, AD);
        assertThat(keysetAead().decrypt(ct, AD)).isEqualTo(PLAINTEXT);
    }

    @Test
    void kmsEnvelopeAeadReadsWhatTheKeysetWrote() throws Exception {
        byte[] ct = keysetAead().encrypt(PLAINTEXT, AD);
        assertThat(KmsEnvelopeAeads.aes256Gcm(kms, kek).decrypt(ct, AD)).isEqualTo(PLAINTEXT);
    }

    @Test
    void tamperedEnvelopeIsRejectedAnywhere() throws Exception {
        Aead envelope = KmsEnvelopeAeads.aes256Gcm(kms, kek);
        byte[] ct = envelope.encrypt(PLAINTEXT, AD);
        for (int i : new int[] {0, 3, 4, 10, ct.length - 20, ct.length - 1}) {
            byte[] bad = ct.clone();
            bad[i] ^= 0x01;
            assertThatThrownBy(() -> envelope.decrypt(bad, AD)).as("byte %d", i).isInstanceOf(GeneralSecurityException.class);
        }
    }

    @Test
    void otherAssociatedDataIsRejected() throws Exception {
        Aead envelope = KmsEnvelopeAeads.aes256Gcm(kms, kek);
        byte[] ct = envelope.encrypt(PLAINTEXT, AD);
        assertThatThrownBy(() -> envelope.decrypt(ct, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void envelopeUnderAnotherKekIsRejected() throws Exception {
        byte[] ct = KmsEnvelopeAeads.aes256Gcm(kms, kek).encrypt(PLAINTEXT, AD);
        Aead other = KmsEnvelopeAeads.aes256Gcm(kms, TinkTestKms.newKey(kms, "other-kek"));
        assertThatThrownBy(() -> other.decrypt(ct, AD)).isInstanceOf(GeneralSecurityException.class);
    }

    /** A Tink keyset naming the KEK by URI; Tink finds the explicitly registered kms4j client. */
    private Aead keysetAead() throws GeneralSecurityException {
        String uri = Kms4jKmsClient.tinkUri(kek);
        KmsClients.add(Kms4jKmsClient.forKey(kms, uri));
        LegacyKmsEnvelopeAeadParameters parameters = LegacyKmsEnvelopeAeadParameters.builder()
                .setKekUri(uri)
                .setDekParsingStrategy(LegacyKmsEnvelopeAeadParameters.DekParsingStrategy.ASSUME_AES_GCM)
                .setDekParametersForNewKeys(KmsEnvelopeAeads.aes256GcmDekParameters())
                .setVariant(LegacyKmsEnvelopeAeadParameters.Variant.NO_PREFIX)
                .build();
        return KeysetHandle.generateNew(parameters).getPrimitive(RegistryConfiguration.get(), Aead.class);
    }
}
