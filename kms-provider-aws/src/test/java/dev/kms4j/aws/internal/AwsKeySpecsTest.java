package dev.kms4j.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.Capability;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyUsage;
import dev.kms4j.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

class AwsKeySpecsTest {

    @Test
    void aes256IsTheSymmetricDefault() {
        assertThat(AwsKeySpecs.toAws(KeySpec.AES_256)).contains(software.amazon.awssdk.services.kms.model.KeySpec.SYMMETRIC_DEFAULT);
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"AES_128", "CHACHA20_POLY1305"})
    void specsAwsDoesNotOfferAreNotMapped(KeySpec spec) {
        assertThat(AwsKeySpecs.toAws(spec)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"AES_128", "CHACHA20_POLY1305"}, mode = EnumSource.Mode.EXCLUDE)
    void everyOfferedSpecMapsBackToItself(KeySpec spec) {
        assertThat(AwsKeySpecs.fromAws(AwsKeySpecs.toAws(spec).orElseThrow())).contains(spec);
    }

    @Test
    void secp256k1IsTheSecgCurve() {
        assertThat(AwsKeySpecs.toAws(KeySpec.EC_SECP256K1)).contains(software.amazon.awssdk.services.kms.model.KeySpec.ECC_SECG_P256_K1);
    }

    @Test
    void unmodelledAwsSpecsHaveNoKms4jSpec() {
        assertThat(AwsKeySpecs.fromAws(software.amazon.awssdk.services.kms.model.KeySpec.SM2)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(KeyUsage.class)
    void usagesMapBothWays(KeyUsage usage) {
        assertThat(AwsKeySpecs.fromAws(AwsKeySpecs.toAws(usage))).contains(usage);
    }

    @Test
    void keyAgreementUsageIsNotModelled() {
        assertThat(AwsKeySpecs.fromAws(KeyUsageType.KEY_AGREEMENT)).isEmpty();
    }

    @Test
    void awsStatesMapOntoKms4jStates() {
        assertThat(AwsKeySpecs.fromAws(software.amazon.awssdk.services.kms.model.KeyState.ENABLED)).isEqualTo(KeyState.ENABLED);
        assertThat(AwsKeySpecs.fromAws(software.amazon.awssdk.services.kms.model.KeyState.DISABLED)).isEqualTo(KeyState.DISABLED);
        assertThat(AwsKeySpecs.fromAws(software.amazon.awssdk.services.kms.model.KeyState.PENDING_DELETION)).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(AwsKeySpecs.fromAws(software.amazon.awssdk.services.kms.model.KeyState.PENDING_IMPORT)).isEqualTo(KeyState.DISABLED);
    }

    @Test
    void ecdsaKeysAreBoundToOneHash() {
        assertThat(AwsKeySpecs.signatureAlgorithms(KeySpec.EC_P256)).containsExactly(SignatureAlgorithm.ECDSA_SHA256);
        assertThat(AwsKeySpecs.signatureAlgorithms(KeySpec.EC_P384)).containsExactly(SignatureAlgorithm.ECDSA_SHA384);
        assertThat(AwsKeySpecs.signatureAlgorithms(KeySpec.EC_P521)).containsExactly(SignatureAlgorithm.ECDSA_SHA512);
    }

    @Test
    void rsaPssMapsToTheAwsPssAlgorithm() {
        assertThat(AwsKeySpecs.signingAlgorithm(SignatureAlgorithm.RSA_PSS_SHA384)).contains(SigningAlgorithmSpec.RSASSA_PSS_SHA_384);
    }

    @Test
    void ed25519IsTheEdwardsCurveSpec() {
        assertThat(AwsKeySpecs.toAws(KeySpec.ED25519))
                .contains(software.amazon.awssdk.services.kms.model.KeySpec.ECC_NIST_EDWARDS25519);
    }

    @Test
    void ed25519KeysSignOnlyWithPureEd25519() {
        assertThat(AwsKeySpecs.signatureAlgorithms(KeySpec.ED25519)).containsExactly(SignatureAlgorithm.ED25519);
    }

    @Test
    void ed25519MapsToThePureAwsAlgorithmNotThePrehashOne() {
        assertThat(AwsKeySpecs.signingAlgorithm(SignatureAlgorithm.ED25519)).contains(SigningAlgorithmSpec.ED25519_SHA_512);
    }

    @Test
    void ed25519KeysSignAndExportAPublicKey() {
        assertThat(AwsKeySpecs.capabilities(KeySpec.ED25519, KeyUsage.SIGN_VERIFY))
                .contains(Capability.SIGN, Capability.VERIFY, Capability.PUBLIC_KEY).doesNotContain(Capability.ROTATE);
    }

    @Test
    void onlySymmetricKeysRotate() {
        assertThat(AwsKeySpecs.capabilities(KeySpec.AES_256, KeyUsage.ENCRYPT_DECRYPT)).contains(Capability.ROTATE, Capability.DATA_KEY);
        assertThat(AwsKeySpecs.capabilities(KeySpec.EC_P256, KeyUsage.SIGN_VERIFY)).doesNotContain(Capability.ROTATE)
                .contains(Capability.SIGN, Capability.PUBLIC_KEY);
        assertThat(AwsKeySpecs.capabilities(KeySpec.HMAC_SHA256, KeyUsage.GENERATE_VERIFY_MAC)).doesNotContain(Capability.ROTATE, Capability.PUBLIC_KEY);
    }

    @Test
    void rsaEncryptionKeysMakeNoDataKeys() {
        assertThat(AwsKeySpecs.capabilities(KeySpec.RSA_2048, KeyUsage.ENCRYPT_DECRYPT))
                .contains(Capability.ENCRYPT, Capability.WRAP).doesNotContain(Capability.DATA_KEY, Capability.SIGN);
    }
}
