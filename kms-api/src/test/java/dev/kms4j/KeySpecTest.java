package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeySpecTest {

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"AES_128", "AES_256", "CHACHA20_POLY1305"})
    void symmetricSpecsEncryptOnly(KeySpec spec) {
        assertThat(spec.type()).isEqualTo(KeyType.SYMMETRIC);
        assertThat(spec.isAsymmetric()).isFalse();
        assertThat(spec.defaultUsage()).isEqualTo(KeyUsage.ENCRYPT_DECRYPT);
        assertThat(spec.allowedUsages()).containsExactly(KeyUsage.ENCRYPT_DECRYPT);
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = "HMAC_.*", mode = EnumSource.Mode.MATCH_ALL)
    void hmacSpecsMacOnly(KeySpec spec) {
        assertThat(spec.type()).isEqualTo(KeyType.HMAC);
        assertThat(spec.isAsymmetric()).isFalse();
        assertThat(spec.allowedUsages()).containsExactly(KeyUsage.GENERATE_VERIFY_MAC);
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256", "EC_P384", "EC_P521", "EC_SECP256K1", "ED25519"})
    void ellipticCurveSpecsSignOnly(KeySpec spec) {
        assertThat(spec.isAsymmetric()).isTrue();
        assertThat(spec.allowedUsages()).containsExactly(KeyUsage.SIGN_VERIFY);
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = "RSA_.*", mode = EnumSource.Mode.MATCH_ALL)
    void rsaSpecsMaySignOrEncryptAndSignByDefault(KeySpec spec) {
        assertThat(spec.isAsymmetric()).isTrue();
        assertThat(spec.defaultUsage()).isEqualTo(KeyUsage.SIGN_VERIFY);
        assertThat(spec.allowedUsages()).containsExactlyInAnyOrder(KeyUsage.SIGN_VERIFY, KeyUsage.ENCRYPT_DECRYPT);
    }

    @ParameterizedTest
    @EnumSource(KeySpec.class)
    void defaultUsageIsAllowed(KeySpec spec) {
        assertThat(spec.allowedUsages()).contains(spec.defaultUsage());
    }

    @Test
    void bitsDescribeKeyOrCurveSize() {
        assertThat(KeySpec.AES_256.bits()).isEqualTo(256);
        assertThat(KeySpec.HMAC_SHA384.bits()).isEqualTo(384);
        assertThat(KeySpec.EC_P521.bits()).isEqualTo(521);
        assertThat(KeySpec.RSA_3072.bits()).isEqualTo(3072);
    }

    @Test
    void allowedUsagesAreIndependentCopies() {
        KeySpec.RSA_2048.allowedUsages().clear();

        assertThat(KeySpec.RSA_2048.allowedUsages()).hasSize(2);
    }
}
