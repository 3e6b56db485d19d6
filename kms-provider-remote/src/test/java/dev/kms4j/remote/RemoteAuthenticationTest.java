package dev.kms4j.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.KmsOperation;
import dev.kms4j.policy.KeyAccessPolicy;
import dev.kms4j.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client credentials, token renewal and caller identity through the remote provider, against a
 * test authority issuing 100-second tokens on a clock the tests move.
 */
class RemoteAuthenticationTest {
    private static final String ALICE_SECRET = "alice-secret-" + UUID.randomUUID();
    private static final String BOB_SECRET = "bob-secret-" + UUID.randomUUID();

    private final MutableClock clock = new MutableClock();
    private TestTokenAuthority authority;
    private InProcessKmsServer server;

    @BeforeEach
    void start() {
        authority = new TestTokenAuthority(Map.of("alice", ALICE_SECRET, "bob", BOB_SECRET), Duration.ofSeconds(100), clock);
        KeyAccessPolicy policy = KeyAccessPolicy.builder()
                .allow("principal:alice", EnumSet.allOf(KmsOperation.class), "**")
                .allow("principal:bob", EnumSet.of(KmsOperation.GET_PUBLIC_KEY, KmsOperation.VERIFY), "**")
                .build();
        server = InProcessKmsServer.builder().policy(policy).service(authority).interceptor(authority).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    private KmsManager as(String clientId, String secret) {
        return server.remoteManager(Map.of("client-id", clientId, "client-secret", secret), clock);
    }

    private static KeyRef newKey() {
        return KeyRef.of("kms4j", "local/auth-" + UUID.randomUUID());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aClientWithCredentialsCanUseKeys() {
        try (KmsManager kms = as("alice", ALICE_SECRET)) {
            KeyRef key = kms.createKey(newKey(), KeySpec.AES_256);
            byte[] ct = kms.encrypt(key, bytes("hello"), EncryptionContext.empty());

            assertThat(kms.decrypt(key, ct, EncryptionContext.empty())).isEqualTo(bytes("hello"));
        }
    }

    @Test
    void theTokenIsReusedUntilEightyPercentOfItsLifetime() {
        try (KmsManager kms = as("alice", ALICE_SECRET)) {
            KeyRef key = kms.createKey(newKey(), KeySpec.AES_256);
            clock.advance(Duration.ofSeconds(79));
            kms.metadata(key);

            assertThat(authority.authentications()).isEqualTo(1);
        }
    }

    @Test
    void theTokenIsRenewedAfterEightyPercentOfItsLifetime() {
        try (KmsManager kms = as("alice", ALICE_SECRET)) {
            KeyRef key = kms.createKey(newKey(), KeySpec.AES_256);
            clock.advance(Duration.ofSeconds(81));
            kms.metadata(key);

            assertThat(authority.authentications()).isEqualTo(2);
        }
    }

    @Test
    void aRejectedTokenIsRenewedOnceAndTheCallSucceeds() {
        try (KmsManager kms = as("alice", ALICE_SECRET)) {
            KeyRef key = kms.createKey(newKey(), KeySpec.AES_256);
            authority.revokeAll();

            assertThat(kms.metadata(key).spec()).isEqualTo(KeySpec.AES_256);
            assertThat(authority.authentications()).isEqualTo(2);
        }
    }

    @Test
    void aWrongSecretIsUnauthenticated() {
        try (KmsManager kms = as("alice", "not-the-secret")) {
            assertThatThrownBy(() -> kms.createKey(newKey(), KeySpec.AES_256))
                    .isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.UNAUTHENTICATED));
        }
    }

    @Test
    void theClientSecretIsNeverInTheErrorMessage() {
        String wrong = "wrong-secret-" + UUID.randomUUID();
        try (KmsManager kms = as("alice", wrong)) {
            assertThatThrownBy(() -> kms.createKey(newKey(), KeySpec.AES_256))
                    .isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(wrong))
                    .satisfies(e -> assertThat(e.getCause().toString()).doesNotContain(wrong));
        }
    }

    @Test
    void callsWithoutCredentialsAreUnauthenticated() {
        try (KmsManager kms = server.remoteManager()) {
            assertThatThrownBy(() -> kms.createKey(newKey(), KeySpec.AES_256))
                    .isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.UNAUTHENTICATED));
        }
    }

    @Test
    void aClientOutsideThePolicyIsPermissionDenied() {
        KeyRef key;
        try (KmsManager alice = as("alice", ALICE_SECRET)) {
            key = alice.createKey(newKey(), KeySpec.AES_256);
        }
        try (KmsManager bob = as("bob", BOB_SECRET)) {
            assertThatThrownBy(() -> bob.encrypt(key, bytes("x"), EncryptionContext.empty()))
                    .isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.PERMISSION_DENIED));
        }
    }

    @Test
    void theServerSeesTheAuthenticatedClientAsCaller() {
        KeyRef key;
        try (KmsManager alice = as("alice", ALICE_SECRET)) {
            key = alice.createKey(newKey(), KeySpec.EC_P256);
        }
        try (KmsManager bob = as("bob", BOB_SECRET)) {
            // bob may read public keys (the policy names him), which an anonymous caller may not.
            assertThat(bob.getPublicKey(key).getAlgorithm()).isEqualTo("EC");
        }
    }

    @Test
    void theProviderNeverShowsTheSecretInToString() {
        RemoteProviderFactory factory = new RemoteProviderFactory(
                s -> new dev.kms4j.remote.internal.RemoteChannel(
                        io.grpc.inprocess.InProcessChannelBuilder.forName("unused").build()), clock);
        try (dev.kms4j.spi.KmsProvider provider = factory.create(dev.kms4j.ProviderConfig.of(Map.of(
                "target", "localhost:1", "tls", "false", "client-id", "alice", "client-secret", ALICE_SECRET)))) {
            assertThat(provider.toString()).contains("alice").doesNotContain(ALICE_SECRET);
        }
    }
}
