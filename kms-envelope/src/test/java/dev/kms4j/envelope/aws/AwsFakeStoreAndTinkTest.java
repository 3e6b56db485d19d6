package dev.kms4j.envelope.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.envelope.store.EntityEncryptor;
import dev.kms4j.envelope.store.FileDekStore;
import dev.kms4j.envelope.store.RewrapListener;
import dev.kms4j.envelope.tink.KmsAead;
import dev.kms4j.envelope.tink.KmsEnvelopeAeads;
import dev.kms4j.testkit.aws.AwsKmsFakeExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The DEK store, the entity encryptor and the Tink bridge over the testkit's AWS KMS fake. */
class AwsFakeStoreAndTinkTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    private static final byte[] MESSAGE = "over aws".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private KmsManager kms;
    private KeyRef kek;

    @BeforeEach
    void setUp() {
        kms = KmsManager.builder().enable("aws-kms", AWS.providerConfig()).build();
        kek = newKey();
    }

    @AfterEach
    void tearDown() {
        kms.close();
    }

    private KeyRef newKey() {
        return kms.createKey(KeyRef.of("aws-kms", "alias/envelope-" + UUID.randomUUID()), KeySpec.AES_256);
    }

    @Test
    void entityEncryptionRoundTripsAndSurvivesAKekRotation() {
        try (FileDekStore store = FileDekStore.open(tmp.resolve("store"))) {
            EntityEncryptor enc = EntityEncryptor.builder(kms, kek, store).build();
            enc.createDekFor("tenant-1");
            byte[] ct = enc.encryptFor("tenant-1", MESSAGE, null);
            KeyRef next = newKey();
            assertThat(enc.rewrapAll(next, RewrapListener.NONE)).isEqualTo(1);
            assertThat(enc.wrappedFor("tenant-1").kek()).isEqualTo(next);
            assertThat(enc.decryptFor("tenant-1", ct, null)).isEqualTo(MESSAGE);
        }
    }

    @Test
    void ciphertextMovedBetweenEntitiesIsIntegrity() {
        try (FileDekStore store = FileDekStore.open(tmp.resolve("store"))) {
            EntityEncryptor enc = EntityEncryptor.builder(kms, kek, store).build();
            enc.createDekFor("a");
            enc.createDekFor("b");
            byte[] ct = enc.encryptFor("a", MESSAGE, null);
            assertThatThrownBy(() -> enc.decryptFor("b", ct, null)).isInstanceOf(KmsException.class)
                    .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INTEGRITY);
        }
    }

    @Test
    void kmsAeadBindsAssociatedDataOverAws() throws Exception {
        Aead aead = KmsAead.of(kms, kek);
        byte[] ad = "ad".getBytes(StandardCharsets.UTF_8);
        byte[] ct = aead.encrypt(MESSAGE, ad);
        assertThat(aead.decrypt(ct, ad)).isEqualTo(MESSAGE);
        assertThatThrownBy(() -> aead.decrypt(ct, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void tinkKmsEnvelopeAeadRoundTripsOverAws() throws Exception {
        Aead envelope = KmsEnvelopeAeads.aes256Gcm(kms, kek);
        byte[] ct = envelope.encrypt(MESSAGE, null);
        assertThat(envelope.decrypt(ct, null)).isEqualTo(MESSAGE);
        ct[ct.length - 1] ^= 1;
        assertThatThrownBy(() -> envelope.decrypt(ct, null)).isInstanceOf(GeneralSecurityException.class);
    }
}
