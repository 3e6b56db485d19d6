package dev.kms4j.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's kms4j error codes arrive unchanged at the remote provider's caller. */
class RemoteErrorsTest {
    private static InProcessKmsServer server;
    private KmsManager kms;

    @BeforeAll
    static void startServer() {
        server = InProcessKmsServer.start();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.close();
    }

    @BeforeEach
    void open() {
        kms = server.remoteManager();
    }

    @AfterEach
    void close() {
        kms.close();
    }

    private static KeyRef newKey() {
        return KeyRef.of("kms4j", "local/errors-" + UUID.randomUUID());
    }

    private static void assertCode(ThrowingCallable call, KmsErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(code));
    }

    @Test
    void aMissingKeyIsNotFound() {
        assertCode(() -> kms.metadata(newKey()), KmsErrorCode.NOT_FOUND);
    }

    @Test
    void creatingAnExistingKeyIsAlreadyExists() {
        KeyRef key = kms.createKey(newKey(), KeySpec.AES_256);

        assertCode(() -> kms.createKey(key, KeySpec.AES_256), KmsErrorCode.ALREADY_EXISTS);
    }

    @Test
    void aDisabledKeyIsInvalidKeyState() {
        KeyRef key = kms.createKey(newKey(), KeySpec.AES_256);
        kms.disable(key);

        assertCode(() -> kms.encrypt(key, new byte[] {1}, EncryptionContext.empty()), KmsErrorCode.INVALID_KEY_STATE);
    }

    @Test
    void aTamperedCiphertextIsIntegrity() {
        KeyRef key = kms.createKey(newKey(), KeySpec.AES_256);
        byte[] ct = kms.encrypt(key, new byte[] {1, 2, 3}, EncryptionContext.empty());
        ct[ct.length - 1] ^= 1;

        assertCode(() -> kms.decrypt(key, ct, EncryptionContext.empty()), KmsErrorCode.INTEGRITY);
    }

    @Test
    void signingWithAnEncryptionKeyIsUnsupported() {
        KeyRef key = kms.createKey(newKey(), KeySpec.AES_256);

        assertCode(() -> kms.sign(key, SignatureAlgorithm.ECDSA_SHA256, new byte[] {1}), KmsErrorCode.UNSUPPORTED);
    }

    @Test
    void aKeyUriWithoutServerSchemeIsInvalidArgument() {
        assertCode(() -> kms.metadata(KeyRef.of("kms4j", "payments")), KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void aSchemeTheServerDoesNotServeIsInvalidArgument() {
        assertCode(() -> kms.metadata(KeyRef.of("kms4j", "gcp-kms/payments")), KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void errorsNameTheRemoteKey() {
        KeyRef key = newKey();

        assertThatThrownBy(() -> kms.metadata(key)).isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).keyRef()).contains(key))
                .satisfies(e -> assertThat(((KmsException) e).provider()).contains("kms4j"));
    }

    @Test
    void wrappedKeysNameTheRemoteKekWithItsExactVersion() {
        KeyRef kek = kms.createKey(newKey(), KeySpec.AES_256);
        KeyRef v2 = kms.rotate(kek);

        WrappedKey wrapped = kms.wrap(kek, new byte[32], EncryptionContext.empty());

        assertThat(v2.scheme()).isEqualTo("kms4j");
        assertThat(wrapped.kek()).isEqualTo(v2);
    }

    @Test
    void listingKeepsTheRemoteForm() {
        KeyRef key = kms.createKey(newKey(), KeySpec.AES_256);

        assertThat(kms.listKeys("kms4j://local/")).contains(key);
        assertThat(kms.listKeys("kms4j://")).contains(key);
    }

    @Test
    void capabilitiesAreThoseOfTheServersProviders() {
        assertThat(kms.capabilities("kms4j")).isEqualTo(server.serverKms().capabilities("local"));
    }

    @Test
    void healthReportsTheServerUp() {
        assertThat(kms.health().provider("kms4j").orElseThrow().status())
                .isEqualTo(dev.kms4j.ProviderHealth.Status.UP);
    }

    @Test
    void plaintextRoundTripsThroughTheServer() {
        KeyRef key = kms.createKey(newKey(), KeySpec.AES_256);
        byte[] pt = "secret message".getBytes(StandardCharsets.UTF_8);

        assertThat(kms.decrypt(key, kms.encrypt(key, pt, EncryptionContext.of("a", "b")), EncryptionContext.of("a", "b")))
                .isEqualTo(pt);
    }
}
