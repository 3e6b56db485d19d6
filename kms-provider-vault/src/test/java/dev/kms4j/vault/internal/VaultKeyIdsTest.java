package dev.kms4j.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultKeyIdsTest {
    private static final String VAULT = "vault.internal:8200";

    @Test
    void splitsAuthorityMountAndName() {
        VaultKeyIds.Parts p = VaultKeyIds.parse(KeyRef.parse("vault-transit://vault.internal:8200/transit/payments#3"), VAULT);

        assertThat(p.mount()).isEqualTo("transit");
        assertThat(p.name()).isEqualTo("payments");
        assertThat(p.path("encrypt")).isEqualTo("transit/encrypt/payments");
    }

    @Test
    void acceptsNestedMounts() {
        assertThat(VaultKeyIds.parse(KeyRef.parse("vault-transit://vault.internal:8200/team/transit/k"), VAULT).mount())
                .isEqualTo("team/transit");
    }

    @Test
    void acceptsTinksHcvaultForm() {
        VaultKeyIds.Parts p = VaultKeyIds.parse(KeyRef.parse("hcvault://vault.internal:8200/transit/keys/payments"), VAULT);

        assertThat(p.mount()).isEqualTo("transit");
        assertThat(p.name()).isEqualTo("payments");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vault.internal:8200/transit/..", "vault.internal:8200/../sys/k", "vault.internal:8200/transit/a%2Fb",
            "vault.internal:8200/transit/a?list=true", "vault.internal:8200/k", "vault.internal:8200/transit/-k",
            "vault.internal:8200/transit/k.", "vault.internal:8200//k", "vault.internal:8200/transit/"})
    void refusesIdsThatCouldEscapeTheKeyPath(String id) {
        KmsException e = catchThrowableOfType(KmsException.class, () -> VaultKeyIds.parse(KeyRef.of("vault-transit", id), VAULT));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void refusesAKeyOfAnotherVault() {
        KmsException e = catchThrowableOfType(KmsException.class,
                () -> VaultKeyIds.parse(KeyRef.parse("vault-transit://other:8200/transit/k"), VAULT));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("other:8200");
    }

    @Test
    void versionsArePositiveIntegers() {
        assertThat(VaultKeyIds.version(KeyRef.parse("vault-transit://h:1/transit/k#12"))).isEqualTo(12);
        assertThat(VaultKeyIds.version(KeyRef.parse("vault-transit://h:1/transit/k"))).isZero();
        assertThat(catchThrowableOfType(KmsException.class, () -> VaultKeyIds.version(KeyRef.parse("vault-transit://h:1/transit/k#0"))).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(catchThrowableOfType(KmsException.class, () -> VaultKeyIds.version(KeyRef.parse("vault-transit://h:1/transit/k#v2"))).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }
}
