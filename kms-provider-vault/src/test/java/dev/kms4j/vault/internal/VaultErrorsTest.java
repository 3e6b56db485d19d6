package dev.kms4j.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VaultErrorsTest {
    @Test
    void badRequestIsInvalidArgument() {
        assertThat(VaultErrors.codeOf(400, List.of("missing plaintext to encrypt"))).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void failedAuthenticationTagIsIntegrity() {
        assertThat(VaultErrors.codeOf(400, List.of("cipher: message authentication failed"))).isEqualTo(KmsErrorCode.INTEGRITY);
    }

    @Test
    void invalidTokenIsUnauthenticated() {
        assertThat(VaultErrors.codeOf(403, List.of("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n")))
                .isEqualTo(KmsErrorCode.UNAUTHENTICATED);
    }

    @Test
    void plainPermissionDeniedIsPermissionDenied() {
        assertThat(VaultErrors.codeOf(403, List.of("permission denied"))).isEqualTo(KmsErrorCode.PERMISSION_DENIED);
    }

    @Test
    void status401IsUnauthenticated() {
        assertThat(VaultErrors.codeOf(401, List.of())).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
    }

    @Test
    void notFoundIsNotFound() {
        assertThat(VaultErrors.codeOf(404, List.of())).isEqualTo(KmsErrorCode.NOT_FOUND);
    }

    @Test
    void rateLimitIsThrottledAndRetryable() {
        KmsException e = VaultErrors.fromAnswer("encrypt", null, 429, List.of("rate limit quota exceeded"));

        assertThat(e.code()).isEqualTo(KmsErrorCode.THROTTLED);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void serverErrorsAreUnavailable() {
        assertThat(VaultErrors.codeOf(500, List.of("internal error"))).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(VaultErrors.codeOf(502, List.of())).isEqualTo(KmsErrorCode.UNAVAILABLE);
    }

    @Test
    void sealedAndStandbyAreUnavailable() {
        assertThat(VaultErrors.codeOf(503, List.of("Vault is sealed"))).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(VaultErrors.codeOf(503, List.of("local node not active but active cluster node not found")))
                .isEqualTo(KmsErrorCode.UNAVAILABLE);
    }

    @Test
    void gatewayTimeoutIsTimeout() {
        assertThat(VaultErrors.codeOf(504, List.of())).isEqualTo(KmsErrorCode.TIMEOUT);
    }

    @Test
    void messageNamesStatusAndVaultTextWithoutControlCharacters() {
        KmsException e = VaultErrors.fromAnswer("decrypt", null, 403, List.of("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"));

        assertThat(e.getMessage()).contains("HTTP 403", "invalid token").doesNotContain("\n", "\t");
        assertThat(e.providerErrorCode()).hasValue("HTTP 403");
        assertThat(e.provider()).hasValue("vault-transit");
    }

    @Test
    void sealedMessageSaysSealed() {
        assertThat(VaultErrors.fromAnswer("encrypt", null, 503, List.of("Vault is sealed")).getMessage()).contains("sealed");
    }
}
