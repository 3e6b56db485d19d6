package dev.kms4j.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretHashTest {
    private static final byte[] SECRET = "correct horse".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WRONG = "wrong horse".getBytes(StandardCharsets.UTF_8);

    @Test
    void bcryptMatchesOnlyTheRightSecret() {
        SecretHash h = SecretHash.parse(SecretHash.bcrypt("correct horse".toCharArray(), 4));

        assertThat(h.matches(SECRET)).isTrue();
        assertThat(h.matches(WRONG)).isFalse();
    }

    @Test
    void argon2idMatchesOnlyTheRightSecret() {
        SecretHash h = SecretHash.parse(SecretHash.argon2id(SECRET, 1024, 1, 1));

        assertThat(h.matches(SECRET)).isTrue();
        assertThat(h.matches(WRONG)).isFalse();
    }

    @Test
    void argon2idPhcStringHasTheStandardShape() {
        assertThat(SecretHash.argon2id(SECRET, 1024, 2, 1)).matches("\\$argon2id\\$v=19\\$m=1024,t=2,p=1\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
    }

    @Test
    void aPlaintextSecretIsNotAcceptedAsAHash() {
        assertThatThrownBy(() -> SecretHash.parse("hunter2")).isInstanceOf(KmsException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theSameWorkHashMatchesNoSecret() {
        SecretHash h = SecretHash.parse(SecretHash.bcrypt("correct horse".toCharArray(), 4));

        assertThat(h.sameWork().matches(SECRET)).isFalse();
        assertThat(h.sameWork().algorithm()).isEqualTo("bcrypt");
    }

    @Test
    void toStringDoesNotPrintTheHash() {
        String encoded = SecretHash.bcrypt("x".toCharArray(), 4);

        assertThat(SecretHash.parse(encoded).toString()).doesNotContain(encoded.substring(7));
    }

    @Test
    void theRegistryRefusesUnknownDisabledAndWrongAlike() {
        SecretHash h = SecretHash.parse(SecretHash.bcrypt("correct horse".toCharArray(), 4));
        ClientRegistry r = ClientRegistry.of(List.of(ClientRecord.builder("a", h).build(),
                ClientRecord.builder("off", h).enabled(false).build()));

        assertThat(r.authenticate("a", SECRET)).isPresent();
        assertThat(r.authenticate("a", WRONG)).isEmpty();
        assertThat(r.authenticate("nobody", SECRET)).isEmpty();
        assertThat(r.authenticate("off", SECRET)).isEmpty();
    }

    @Test
    void reservedClientIdsAreRefused() {
        assertThatThrownBy(() -> ClientRecord.checkId("kms4j-server")).hasMessageContaining("reserved");
    }

    @Test
    void aSecretLongerThanBcryptReadsIsRefusedWithoutAnException() {
        SecretHash h = SecretHash.parse(SecretHash.bcrypt("correct horse".toCharArray(), 4));

        assertThat(h.matches("x".repeat(200).getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void anEmptySecretIsRefusedWithoutAnException() {
        SecretHash h = SecretHash.parse(SecretHash.bcrypt("correct horse".toCharArray(), 4));

        assertThat(h.matches(new byte[0])).isFalse();
    }
}
