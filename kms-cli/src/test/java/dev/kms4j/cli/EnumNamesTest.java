package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KeySpec;
import dev.kms4j.KeyUsage;
import dev.kms4j.SignatureAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class EnumNamesTest {
    @ParameterizedTest
    @CsvSource({
        "ec-p256, EC_P256",
        "EC_P256, EC_P256",
        "aes-256, AES_256",
        "rsa-2048, RSA_2048",
        "ed25519, ED25519",
        "HMAC-SHA256, HMAC_SHA256",
        "' ec-secp256k1 ', EC_SECP256K1",
    })
    void keySpecsAreReadInAnyCaseWithDashesOrUnderscores(String typed, KeySpec expected) {
        assertThat(new Converters.KeySpecs().convert(typed)).isEqualTo(expected);
    }

    @Test
    void usagesAndAlgorithmsAreReadTheSameWay() {
        assertThat(new Converters.KeyUsages().convert("encrypt-decrypt")).isEqualTo(KeyUsage.ENCRYPT_DECRYPT);
        assertThat(new Converters.SignatureAlgorithms().convert("rsa-pss-sha256"))
                .isEqualTo(SignatureAlgorithm.RSA_PSS_SHA256);
    }

    @Test
    void anUnknownNameListsTheAcceptedOnes() {
        assertThatThrownBy(() -> new Converters.KeySpecs().convert("aes-512"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("unknown key spec 'aes-512'")
                .hasMessageContaining("aes-256");
    }

    @Test
    void namesAreShownLowerCaseWithDashes() {
        assertThat(new Converters.KeySpecs()).contains("ec-p256", "aes-256", "hmac-sha256");
    }
}
