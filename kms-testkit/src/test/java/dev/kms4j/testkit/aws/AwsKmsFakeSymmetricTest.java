package dev.kms4j.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/** Symmetric encryption through the raw AWS SDK v2 against the fake. */
class AwsKmsFakeSymmetricTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    private static final SdkBytes PLAINTEXT = SdkBytes.fromString("attack at dawn", StandardCharsets.UTF_8);

    private final KmsClient kms = AWS.sdkClient();

    private String newKey() {
        CreateKeyResponse created = kms.createKey(b -> b.description("test key"));
        return created.keyMetadata().keyId();
    }

    @Test
    void encryptAnswersWithTheFullKeyArnEvenForABareId() {
        String id = newKey();
        EncryptResponse r = kms.encrypt(b -> b.keyId(id).plaintext(PLAINTEXT));
        assertThat(r.keyId()).isEqualTo("arn:aws:kms:us-east-1:111122223333:key/" + id);
        assertThat(r.encryptionAlgorithmAsString()).isEqualTo("SYMMETRIC_DEFAULT");
    }

    @Test
    void decryptWithoutKeyIdFindsTheKeyFromTheBlob() {
        String id = newKey();
        SdkBytes blob = kms.encrypt(b -> b.keyId(id).plaintext(PLAINTEXT)).ciphertextBlob();
        DecryptResponse r = kms.decrypt(b -> b.ciphertextBlob(blob));
        assertThat(r.plaintext()).isEqualTo(PLAINTEXT);
        assertThat(r.keyId()).endsWith(":key/" + id);
    }

    @Test
    void encryptionContextIsBound() {
        String id = newKey();
        SdkBytes blob = kms.encrypt(b -> b.keyId(id).plaintext(PLAINTEXT).encryptionContext(Map.of("tenant", "a")))
                .ciphertextBlob();
        assertThat(kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("tenant", "a"))).plaintext())
                .isEqualTo(PLAINTEXT);
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("tenant", "b"))))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void tamperedCiphertextIsInvalidCiphertext() {
        String id = newKey();
        byte[] blob = kms.encrypt(b -> b.keyId(id).plaintext(PLAINTEXT)).ciphertextBlob().asByteArray();
        blob[blob.length - 1] ^= 1;
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(blob))))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void decryptNamingAnotherKeyIsIncorrectKey() {
        String id = newKey();
        String other = newKey();
        SdkBytes blob = kms.encrypt(b -> b.keyId(id).plaintext(PLAINTEXT)).ciphertextBlob();
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(blob).keyId(other)))
                .isInstanceOf(IncorrectKeyException.class);
    }

    @Test
    void oldCiphertextsDecryptAfterRotationOnDemand() {
        String id = newKey();
        SdkBytes before = kms.encrypt(b -> b.keyId(id).plaintext(PLAINTEXT)).ciphertextBlob();
        kms.rotateKeyOnDemand(b -> b.keyId(id));
        SdkBytes after = kms.encrypt(b -> b.keyId(id).plaintext(PLAINTEXT)).ciphertextBlob();
        assertThat(kms.decrypt(b -> b.ciphertextBlob(before)).plaintext()).isEqualTo(PLAINTEXT);
        assertThat(kms.decrypt(b -> b.ciphertextBlob(after)).plaintext()).isEqualTo(PLAINTEXT);
        assertThat(kms.listKeyRotations(b -> b.keyId(id)).rotations()).hasSize(1);
    }

    @Test
    void aliasesResolveEverywhere() {
        String id = newKey();
        kms.createAlias(b -> b.aliasName("alias/payments").targetKeyId(id));
        EncryptResponse byName = kms.encrypt(b -> b.keyId("alias/payments").plaintext(PLAINTEXT));
        EncryptResponse byArn = kms.encrypt(b -> b.keyId("arn:aws:kms:us-east-1:111122223333:alias/payments")
                .plaintext(PLAINTEXT));
        assertThat(byName.keyId()).endsWith(":key/" + id);
        assertThat(byArn.keyId()).endsWith(":key/" + id);
        assertThat(kms.listAliases(b -> b.keyId(id)).aliases())
                .singleElement()
                .satisfies(a -> assertThat(a.targetKeyId()).isEqualTo(id));
        kms.deleteAlias(b -> b.aliasName("alias/payments"));
    }

    @Test
    void generateDataKeyReturnsAPlaintextThatTheBlobDecryptsTo() {
        String id = newKey();
        GenerateDataKeyResponse r = kms.generateDataKey(b -> b.keyId(id).keySpec(DataKeySpec.AES_256));
        assertThat(r.plaintext().asByteArray()).hasSize(32);
        assertThat(kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob())).plaintext()).isEqualTo(r.plaintext());
        assertThat(r.keyId()).endsWith(":key/" + id);
    }

    @Test
    void generateDataKeyWithoutPlaintextReturnsOnlyTheBlob() {
        String id = newKey();
        var r = kms.generateDataKeyWithoutPlaintext(b -> b.keyId(id).numberOfBytes(24));
        assertThat(kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob())).plaintext().asByteArray()).hasSize(24);
    }

    @Test
    void reEncryptMovesACiphertextToAnotherKey() {
        String source = newKey();
        String dest = newKey();
        SdkBytes blob = kms.encrypt(b -> b.keyId(source).plaintext(PLAINTEXT)).ciphertextBlob();
        ReEncryptResponse r = kms.reEncrypt(b -> b.ciphertextBlob(blob).destinationKeyId(dest));
        assertThat(r.sourceKeyId()).endsWith(source);
        assertThat(r.keyId()).endsWith(dest);
        assertThat(kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob()).keyId(dest)).plaintext()).isEqualTo(PLAINTEXT);
    }

    @Test
    void disabledKeyRefusesEncryptWithDisabledException() {
        String id = newKey();
        kms.disableKey(b -> b.keyId(id));
        assertThatThrownBy(() -> kms.encrypt(b -> b.keyId(id).plaintext(PLAINTEXT)))
                .isInstanceOf(DisabledException.class);
        kms.enableKey(b -> b.keyId(id));
        assertThat(kms.encrypt(b -> b.keyId(id).plaintext(PLAINTEXT)).ciphertextBlob()).isNotNull();
    }

    @Test
    void keyPendingDeletionRefusesDecryptWithInvalidState() {
        String id = newKey();
        SdkBytes blob = kms.encrypt(b -> b.keyId(id).plaintext(PLAINTEXT)).ciphertextBlob();
        kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(7));
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(blob)))
                .isInstanceOf(KmsInvalidStateException.class);
    }
}
