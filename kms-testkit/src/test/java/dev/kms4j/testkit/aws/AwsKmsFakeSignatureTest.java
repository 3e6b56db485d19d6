package dev.kms4j.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/** Asymmetric keys and HMAC keys through the raw AWS SDK v2 against the fake. */
class AwsKmsFakeSignatureTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    private static final byte[] MESSAGE = "pay 10 EUR to bob".getBytes(StandardCharsets.UTF_8);

    private final KmsClient kms = AWS.sdkClient();

    private String newKey(KeySpec spec, KeyUsageType usage) {
        return kms.createKey(b -> b.keySpec(spec).keyUsage(usage)).keyMetadata().keyId();
    }

    private PublicKey publicKey(String keyId, String jcaAlgorithm) throws Exception {
        GetPublicKeyResponse r = kms.getPublicKey(b -> b.keyId(keyId));
        return KeyFactory.getInstance(jcaAlgorithm).generatePublic(new X509EncodedKeySpec(r.publicKey().asByteArray()));
    }

    @ParameterizedTest
    @CsvSource({
        "ECC_NIST_P256, ECDSA_SHA_256, SHA256withECDSA, SHA-256",
        "ECC_NIST_P384, ECDSA_SHA_384, SHA384withECDSA, SHA-384",
        "ECC_NIST_P521, ECDSA_SHA_512, SHA512withECDSA, SHA-512",
        "RSA_2048, RSASSA_PKCS1_V1_5_SHA_256, SHA256withRSA, SHA-256",
        "RSA_2048, RSASSA_PKCS1_V1_5_SHA_512, SHA512withRSA, SHA-512",
    })
    void digestSignaturesVerifyWithTheJdkAndThePublicKey(String spec, String alg, String jca, String digest)
            throws Exception {
        String id = newKey(KeySpec.fromValue(spec), KeyUsageType.SIGN_VERIFY);
        byte[] hash = MessageDigest.getInstance(digest).digest(MESSAGE);
        SignResponse r = kms.sign(b -> b.keyId(id).messageType(MessageType.DIGEST)
                .message(SdkBytes.fromByteArray(hash)).signingAlgorithm(alg));
        assertThat(r.keyId()).endsWith(":key/" + id);
        Signature jdk = Signature.getInstance(jca);
        jdk.initVerify(publicKey(id, spec.startsWith("RSA") ? "RSA" : "EC"));
        jdk.update(MESSAGE);
        assertThat(jdk.verify(r.signature().asByteArray())).isTrue();
    }

    @Test
    void rsaPssUsesASaltAsLongAsTheDigest() throws Exception {
        String id = newKey(KeySpec.RSA_3072, KeyUsageType.SIGN_VERIFY);
        SignResponse r = kms.sign(b -> b.keyId(id).message(SdkBytes.fromByteArray(MESSAGE))
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_384));
        Signature jdk = Signature.getInstance("RSASSA-PSS");
        jdk.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1));
        jdk.initVerify(publicKey(id, "RSA"));
        jdk.update(MESSAGE);
        assertThat(jdk.verify(r.signature().asByteArray())).isTrue();
    }

    @Test
    void secp256k1SignaturesVerifyThroughTheFake() {
        String id = newKey(KeySpec.ECC_SECG_P256_K1, KeyUsageType.SIGN_VERIFY);
        SdkBytes sig = kms.sign(b -> b.keyId(id).message(SdkBytes.fromByteArray(MESSAGE))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature();
        assertThat(kms.verify(b -> b.keyId(id).message(SdkBytes.fromByteArray(MESSAGE)).signature(sig)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signatureValid()).isTrue();
    }

    @Test
    void verifyOfABadSignatureIsKmsInvalidSignatureException() {
        String id = newKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
        byte[] sig = kms.sign(b -> b.keyId(id).message(SdkBytes.fromByteArray(MESSAGE))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature().asByteArray();
        byte[] other = "pay 99 EUR to eve".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> kms.verify(b -> b.keyId(id).message(SdkBytes.fromByteArray(other))
                .signature(SdkBytes.fromByteArray(sig)).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)))
                .isInstanceOf(KmsInvalidSignatureException.class);
    }

    @Test
    void getPublicKeyDescribesTheKey() {
        String id = newKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
        GetPublicKeyResponse r = kms.getPublicKey(b -> b.keyId(id));
        assertThat(r.keyId()).endsWith(":key/" + id);
        assertThat(r.keySpec()).isEqualTo(KeySpec.ECC_NIST_P256);
        assertThat(r.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
        assertThat(r.signingAlgorithms()).containsExactly(SigningAlgorithmSpec.ECDSA_SHA_256);
    }

    @Test
    void getPublicKeyOfASymmetricKeyIsUnsupported() {
        String id = kms.createKey(b -> { }).keyMetadata().keyId();
        assertThatThrownBy(() -> kms.getPublicKey(b -> b.keyId(id)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void signWithAnEncryptionKeyIsInvalidKeyUsage() {
        String id = kms.createKey(b -> { }).keyMetadata().keyId();
        assertThatThrownBy(() -> kms.sign(b -> b.keyId(id).message(SdkBytes.fromByteArray(MESSAGE))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)))
                .isInstanceOf(InvalidKeyUsageException.class);
    }

    @Test
    void rsaEncryptionKeysEncryptWithOaepTheJdkCanProduce() throws Exception {
        String id = newKey(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, publicKey(id, "RSA"),
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        byte[] blob = c.doFinal(MESSAGE);
        assertThat(kms.decrypt(b -> b.keyId(id).ciphertextBlob(SdkBytes.fromByteArray(blob))
                .encryptionAlgorithm("RSAES_OAEP_SHA_256")).plaintext().asByteArray()).isEqualTo(MESSAGE);
    }

    @Test
    void hmacKeysGenerateAndVerifyMacs() {
        String id = newKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
        SdkBytes mac = kms.generateMac(b -> b.keyId(id).message(SdkBytes.fromByteArray(MESSAGE))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)).mac();
        assertThat(mac.asByteArray()).hasSize(32);
        assertThat(kms.verifyMac(b -> b.keyId(id).message(SdkBytes.fromByteArray(MESSAGE)).mac(mac)
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)).macValid()).isTrue();
    }

    @Test
    void verifyMacOfAWrongMacIsKmsInvalidMacException() {
        String id = newKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
        assertThatThrownBy(() -> kms.verifyMac(b -> b.keyId(id).message(SdkBytes.fromByteArray(MESSAGE))
                .mac(SdkBytes.fromByteArray(new byte[32])).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)))
                .isInstanceOf(KmsInvalidMacException.class);
    }
}
