package dev.kms4j.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.testsupport.JcaTestProvider;
import dev.kms4j.testsupport.Managers;
import dev.kms4j.testsupport.MutableClock;
import dev.kms4j.testsupport.StubProvider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalVerifyTest {
    private static final KeyRef KEY = KeyRef.parse("jca://signing");
    private static final byte[] MESSAGE = "invoice 42".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_MESSAGE = "invoice 43".getBytes(StandardCharsets.UTF_8);

    private final JcaTestProvider provider = new JcaTestProvider("jca");
    private final KmsManager kms = Managers.of(provider,
            KeyCacheDecorator.builder().clock(new MutableClock(Instant.EPOCH)).build());

    @AfterEach
    void close() {
        kms.close();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource({
        "EC_P256, ECDSA_SHA256",
        "EC_P256, ECDSA_SHA384",
        "RSA_2048, RSA_PKCS1_SHA256",
        "RSA_2048, RSA_PSS_SHA256",
        "RSA_2048, RSA_PSS_SHA512",
        "ED25519, ED25519",
    })
    void localVerificationGivesTheProvidersAnswer(KeySpec spec, SignatureAlgorithm alg) {
        kms.createKey(KEY, spec);
        byte[] signature = kms.sign(KEY, alg, MESSAGE);

        boolean localGood = kms.verify(KEY, alg, MESSAGE, signature);
        boolean localBad = kms.verify(KEY.withVersion("1"), alg, OTHER_MESSAGE, signature);
        int providerVerifies = provider.calls("verify");

        assertThat(localGood).isEqualTo(provider.verify(KEY, alg, MESSAGE, signature)).isTrue();
        assertThat(localBad).isEqualTo(provider.verify(KEY, alg, OTHER_MESSAGE, signature)).isFalse();
        assertThat(providerVerifies).isZero();
    }

    @Test
    void aValidSignatureIsAcceptedWithoutAskingTheProvider() {
        kms.createKey(KEY, KeySpec.EC_P256);
        byte[] signature = kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);

        assertThat(kms.verify(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, signature)).isTrue();
        assertThat(kms.verify(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, signature)).isTrue();

        assertThat(provider.calls("verify")).isZero();
        assertThat(provider.calls("getPublicKey")).isEqualTo(1);
    }

    @Test
    void withoutAVersionASignatureByAnOlderVersionIsCheckedByTheProvider() {
        kms.createKey(KEY, KeySpec.EC_P256);
        byte[] byVersion1 = kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        kms.rotate(KEY);

        assertThat(kms.verify(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, byVersion1)).isTrue();
        assertThat(provider.calls("verify")).isEqualTo(1);
    }

    @Test
    void withoutAVersionAWrongSignatureOnAMultiVersionKeyIsCheckedByTheProvider() {
        kms.createKey(KEY, KeySpec.EC_P256);
        kms.rotate(KEY);
        byte[] signature = kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);

        assertThat(kms.verify(KEY, SignatureAlgorithm.ECDSA_SHA256, OTHER_MESSAGE, signature)).isFalse();
        assertThat(provider.calls("verify")).isEqualTo(1);
    }

    @Test
    void withoutAVersionAWrongSignatureOnASingleVersionKeyIsRejectedLocally() {
        kms.createKey(KEY, KeySpec.EC_P256);
        byte[] signature = kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);

        assertThat(kms.verify(KEY, SignatureAlgorithm.ECDSA_SHA256, OTHER_MESSAGE, signature)).isFalse();
        assertThat(provider.calls("verify")).isZero();
    }

    @Test
    void withAVersionASignatureByAnotherVersionIsRejectedLocally() {
        kms.createKey(KEY, KeySpec.EC_P256);
        byte[] byVersion1 = kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        kms.rotate(KEY);

        assertThat(kms.verify(KEY.withVersion("2"), SignatureAlgorithm.ECDSA_SHA256, MESSAGE, byVersion1)).isFalse();
        assertThat(provider.verify(KEY.withVersion("2"), SignatureAlgorithm.ECDSA_SHA256, MESSAGE, byVersion1)).isFalse();
        assertThat(provider.calls("verify")).isEqualTo(1);
    }

    @Test
    void aMalformedSignatureIsFalseNotAnError() {
        kms.createKey(KEY, KeySpec.EC_P256);

        assertThat(kms.verify(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, new byte[] {0x30, 0x01})).isFalse();
    }

    @Test
    void aKeyDisabledThroughKmsIsNotVerifiedLocally() {
        kms.createKey(KEY, KeySpec.EC_P256);
        byte[] signature = kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        kms.verify(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, signature);

        kms.disable(KEY);

        assertThatThrownBy(() -> kms.verify(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, signature))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_KEY_STATE));
    }

    @Test
    void aDisabledVersionIsNotVerifiedLocally() {
        kms.createKey(KEY, KeySpec.EC_P256);
        byte[] signature = kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        kms.rotate(KEY);

        kms.disable(KEY.withVersion("1"));

        assertThat(kms.verify(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, signature)).isFalse();
        assertThat(provider.calls("verify")).isEqualTo(1);
    }

    @Test
    void remoteVerifyModeAlwaysAsksTheProvider() {
        JcaTestProvider remote = new JcaTestProvider("jca");
        try (KmsManager m = Managers.of(remote, Map.of("cache-remote-verify", "true"), KeyCacheDecorator.builder().build())) {
            m.createKey(KEY, KeySpec.EC_P256);
            byte[] signature = m.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);

            assertThat(m.verify(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, signature)).isTrue();
            assertThat(remote.calls("verify")).isEqualTo(1);
        }
    }

    @Test
    void macsAreAlwaysVerifiedByTheProvider() {
        StubProvider stub = new StubProvider("stub");
        try (KmsManager m = Managers.of(stub, KeyCacheDecorator.builder().build())) {
            m.verify(KeyRef.parse("stub://mac"), SignatureAlgorithm.HMAC_SHA256, MESSAGE, new byte[32]);
        }
        assertThat(stub.calls).containsExactly("verify stub://mac");
    }

    @Test
    void anAlgorithmThatDoesNotFitTheKeyIsLeftToTheProvider() {
        kms.createKey(KEY, KeySpec.EC_P256);

        assertThatThrownBy(() -> kms.verify(KEY, SignatureAlgorithm.RSA_PSS_SHA256, MESSAGE, new byte[256]))
                .isInstanceOf(KmsException.class);
        assertThat(provider.calls("verify")).isEqualTo(1);
    }
}
