package dev.kms4j.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultTextTest {
    private static final KeyRef KEY = KeyRef.of("vault-transit", "vault:8200/transit/k");
    private static final String BLOB = Base64.getEncoder().encodeToString(new byte[40]);

    @Test
    void splitsAVersionedAnswer() {
        VaultText.Versioned v = VaultText.versionedBytes("sign", KEY, "vault:v12:" + BLOB);

        assertThat(v.version).isEqualTo(12);
        assertThat(v.bytes).hasSize(40);
        assertThat(VaultText.checkVersioned("encrypt", KEY, "vault:v123456789:" + BLOB)).isEqualTo(123_456_789);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "vault:v", "vault:v:", "vault:v0:AAAA", "vault:v01:AAAA", "vault:v1234567890:AAAA",
        "vault:v1x:AAAA", "vault:v1", "vault:v1;AAAA", "Vault:v1:AAAA", "vault:v1:AA AA", "vault:v1:AA*A", "xvault:v1:AAAA"})
    void refusesAnswersThatAreNotVersionedValues(String value) {
        assertThatThrownBy(() -> VaultText.checkVersioned("encrypt", KEY, value))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INTERNAL));
    }

    @Test
    void refusesAMissingAnswer() {
        assertThatThrownBy(() -> VaultText.versionedBytes("sign", KEY, null))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INTERNAL));
    }

    @Test
    void acceptsACallersCiphertextAndChecksItsVersionAgainstTheReference() {
        byte[] ciphertext = ("vault:v3:" + BLOB).getBytes(StandardCharsets.US_ASCII);

        assertThat(VaultText.checkCiphertext("decrypt", KEY, ciphertext)).isEqualTo("vault:v3:" + BLOB);
        assertThat(VaultText.checkCiphertext("decrypt", KEY.withVersion("3"), ciphertext)).isEqualTo("vault:v3:" + BLOB);
        assertThatThrownBy(() -> VaultText.checkCiphertext("decrypt", KEY.withVersion("4"), ciphertext))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INTEGRITY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vault:v1:AAAA", "vault:v1:not*base64", "vault:v0:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "plain"})
    void refusesACallersCiphertextThatIsNotTransitsWithIntegrity(String text) {
        assertThatThrownBy(() -> VaultText.checkCiphertext("decrypt", KEY, text.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INTEGRITY));
    }
}
