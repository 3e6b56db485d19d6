package dev.kms4j.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519phSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/** ECC_NIST_EDWARDS25519 keys (pure Ed25519 and Ed25519ph) through the raw AWS SDK v2 against the fake. */
class AwsKmsFakeEd25519Test {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    private static final byte[] MESSAGE = "pay 10 EUR to bob".getBytes(StandardCharsets.UTF_8);

    private final KmsClient kms = AWS.sdkClient();

    private String newEd25519Key() {
        return kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_EDWARDS25519).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata().keyId();
    }

    private byte[] publicKeyDer(String keyId) {
        return kms.getPublicKey(b -> b.keyId(keyId)).publicKey().asByteArray();
    }

    private byte[] signRaw(String keyId, byte[] message) {
        return kms.sign(b -> b.keyId(keyId).messageType(MessageType.RAW).message(SdkBytes.fromByteArray(message))
                .signingAlgorithm(SigningAlgorithmSpec.ED25519_SHA_512)).signature().asByteArray();
    }

    @Test
    void createKeyDescribesAnEdwardsSigningKey() {
        KeyMetadata m = kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_EDWARDS25519)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata();
        assertThat(m.keySpec()).isEqualTo(KeySpec.ECC_NIST_EDWARDS25519);
        assertThat(m.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
        assertThat(m.signingAlgorithms()).containsExactly(SigningAlgorithmSpec.ED25519_SHA_512,
                SigningAlgorithmSpec.ED25519_PH_SHA_512);
    }

    @Test
    void getPublicKeyReturnsAnEd25519SubjectPublicKeyInfo() throws Exception {
        String id = newEd25519Key();
        GetPublicKeyResponse r = kms.getPublicKey(b -> b.keyId(id));
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(r.publicKey().asByteArray()));
        assertThat(key.getAlgorithm()).isIn("Ed25519", "EdDSA");
        assertThat(r.keySpec()).isEqualTo(KeySpec.ECC_NIST_EDWARDS25519);
        assertThat(r.signingAlgorithms()).containsExactly(SigningAlgorithmSpec.ED25519_SHA_512,
                SigningAlgorithmSpec.ED25519_PH_SHA_512);
    }

    @Test
    void rawSignatureVerifiesWithTheJdkAndThePublicKey() throws Exception {
        String id = newEd25519Key();
        byte[] signature = signRaw(id, MESSAGE);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(publicKeyDer(id))));
        jdk.update(MESSAGE);
        assertThat(signature).hasSize(64);
        assertThat(jdk.verify(signature)).isTrue();
    }

    @Test
    void verifyAcceptsTheRawSignature() {
        String id = newEd25519Key();
        byte[] signature = signRaw(id, MESSAGE);
        assertThat(kms.verify(b -> b.keyId(id).messageType(MessageType.RAW).message(SdkBytes.fromByteArray(MESSAGE))
                .signature(SdkBytes.fromByteArray(signature)).signingAlgorithm(SigningAlgorithmSpec.ED25519_SHA_512))
                .signatureValid()).isTrue();
    }

    @Test
    void verifyOfAnotherMessageIsKmsInvalidSignatureException() {
        String id = newEd25519Key();
        byte[] signature = signRaw(id, MESSAGE);
        byte[] other = "pay 99 EUR to eve".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> kms.verify(b -> b.keyId(id).messageType(MessageType.RAW)
                .message(SdkBytes.fromByteArray(other)).signature(SdkBytes.fromByteArray(signature))
                .signingAlgorithm(SigningAlgorithmSpec.ED25519_SHA_512)))
                .isInstanceOf(KmsInvalidSignatureException.class);
    }

    @Test
    void pureEd25519WithMessageTypeDigestIsValidationException() throws Exception {
        String id = newEd25519Key();
        byte[] digest = MessageDigest.getInstance("SHA-512").digest(MESSAGE);
        assertThatThrownBy(() -> kms.sign(b -> b.keyId(id).messageType(MessageType.DIGEST)
                .message(SdkBytes.fromByteArray(digest)).signingAlgorithm(SigningAlgorithmSpec.ED25519_SHA_512)))
                .isInstanceOfSatisfying(KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void rawMessageOverFourKibibytesIsValidationException() {
        String id = newEd25519Key();
        assertThatThrownBy(() -> signRaw(id, new byte[4097]))
                .isInstanceOfSatisfying(KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void prehashSignatureOverADigestVerifiesAsEd25519ph() throws Exception {
        String id = newEd25519Key();
        byte[] digest = MessageDigest.getInstance("SHA-512").digest(MESSAGE);
        byte[] signature = kms.sign(b -> b.keyId(id).messageType(MessageType.DIGEST)
                .message(SdkBytes.fromByteArray(digest)).signingAlgorithm(SigningAlgorithmSpec.ED25519_PH_SHA_512))
                .signature().asByteArray();
        Ed25519phSigner bc = new Ed25519phSigner(new byte[0]);
        bc.init(false, (Ed25519PublicKeyParameters) PublicKeyFactory.createKey(publicKeyDer(id)));
        bc.update(MESSAGE, 0, MESSAGE.length);
        assertThat(bc.verifySignature(signature)).isTrue();
    }

    @Test
    void prehashWithMessageTypeRawIsValidationException() {
        String id = newEd25519Key();
        assertThatThrownBy(() -> kms.sign(b -> b.keyId(id).messageType(MessageType.RAW)
                .message(SdkBytes.fromByteArray(MESSAGE)).signingAlgorithm(SigningAlgorithmSpec.ED25519_PH_SHA_512)))
                .isInstanceOfSatisfying(KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }
}
