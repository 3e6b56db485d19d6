package dev.kms4j.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyUsage;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed ids and versions, unknown keys, and UNSUPPORTED versus INVALID_ARGUMENT. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class LocalProviderArgumentTest extends LocalProviderFixture {
    private static final byte[] DATA = "data".getBytes(StandardCharsets.UTF_8);
    private static final EncryptionContext NONE = EncryptionContext.empty();

    LocalProviderArgumentTest(StoreKind storeKind) {
        super(storeKind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "-leading-dash", ".hidden", "a..b", "sp%ce", "ümlaut", "x:y",
        "a123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"
                + "1234567890123456789012345678901234567890"})
    void malformedKeyIdIsInvalidArgumentForEveryOperation(String id) {
        KeyRef bad = KeyRef.of("local", id);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.createKey(bad, CreateKeyOptions.of(KeySpec.AES_256)));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.metadata(bad));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.encrypt(bad, DATA, NONE));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.sign(bad, SignatureAlgorithm.ED25519, DATA));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.rotate(bad));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.disable(bad));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.scheduleDeletion(bad, Duration.ofDays(1)));
        assertThat(provider.listKeys("")).isEmpty();

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void longestValidKeyIdWorks() {
        String id = "k" + "x".repeat(127);

        KeyRef key = create(id, KeySpec.AES_128);

        assertThat(provider.decrypt(key, provider.encrypt(key, DATA, NONE), NONE)).isEqualTo(DATA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "01", "-1", "1.0", "latest"})
    void nonNumericVersionIsInvalidArgument(String version) {
        KeyRef key = create("k", KeySpec.AES_256);
        KeyRef bad = key.withVersion(version);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.encrypt(bad, DATA, NONE));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.metadata(bad));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.disable(bad));
        assertThat(provider.metadata(key).versions()).hasSize(1);

        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "2", "2147483647", "2147483648", "99999999999999999999"})
    void unknownVersionIsNotFound(String version) {
        KeyRef key = create("k", KeySpec.EC_P256);
        KeyRef unknown = key.withVersion(version);
        var before = snapshot();

        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.sign(unknown, SignatureAlgorithm.ECDSA_SHA256, DATA));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.publicKey(unknown));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.metadata(unknown));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.enable(unknown));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void unknownKeyIsNotFoundForEveryOperation() {
        KeyRef missing = ref("missing");

        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.metadata(missing));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.encrypt(missing, DATA, NONE));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.decrypt(missing, new byte[40], NONE));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.sign(missing, SignatureAlgorithm.ED25519, DATA));
        assertKmsError(KmsErrorCode.NOT_FOUND,
                () -> provider.verify(missing, SignatureAlgorithm.ED25519, DATA, new byte[64]));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.publicKey(missing));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.createDek(missing, DekSpec.AES_256, NONE));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.wrap(missing, DATA, NONE));
        assertKmsError(KmsErrorCode.NOT_FOUND,
                () -> provider.unwrap(WrappedKey.of(missing.withVersion("1"), new byte[40]), NONE));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.rotate(missing));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.enable(missing));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.disable(missing));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.scheduleDeletion(missing, Duration.ofDays(1)));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.cancelDeletion(missing));
    }

    @Test
    void errorsNameTheKeyAndProvider() {
        KmsException e = assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.metadata(ref("missing")));

        assertThat(e.keyRef()).contains(ref("missing"));
        assertThat(e.getMessage()).contains("local://missing");
    }

    @Test
    void operationsOutsideTheKeysCapabilitiesAreUnsupported() {
        KeyRef aes = create("aes", KeySpec.AES_256);
        KeyRef ec = create("ec", KeySpec.EC_P256);
        KeyRef hmac = create("hmac", KeySpec.HMAC_SHA256);
        KeyRef rsaSign = create("rsa-sign", KeySpec.RSA_2048);
        KeyRef rsaEncrypt = create("rsa-enc", KeySpec.RSA_2048, KeyUsage.ENCRYPT_DECRYPT);
        var before = snapshot();

        assertUnsupported("sign", () -> provider.sign(aes, SignatureAlgorithm.HMAC_SHA256, DATA));
        assertUnsupported("verify", () -> provider.verify(aes, SignatureAlgorithm.HMAC_SHA256, DATA, DATA));
        assertUnsupported("getPublicKey", () -> provider.publicKey(aes));
        assertUnsupported("getPublicKey", () -> provider.publicKey(hmac));
        assertUnsupported("encrypt", () -> provider.encrypt(ec, DATA, NONE));
        assertUnsupported("decrypt", () -> provider.decrypt(hmac, DATA, NONE));
        assertUnsupported("wrap", () -> provider.wrap(ec, DATA, NONE));
        assertUnsupported("createDek", () -> provider.createDek(hmac, DekSpec.AES_256, NONE));
        assertUnsupported("unwrap", () -> provider.unwrap(WrappedKey.of(ec.withVersion("1"), DATA), NONE));
        assertUnsupported("encrypt", () -> provider.encrypt(rsaSign, DATA, NONE));
        assertUnsupported("sign", () -> provider.sign(rsaEncrypt, SignatureAlgorithm.RSA_PSS_SHA256, DATA));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void algorithmThatDoesNotFitTheKeyIsInvalidArgument() {
        KeyRef rsa = create("rsa", KeySpec.RSA_2048);
        KeyRef hmac = create("hmac", KeySpec.HMAC_SHA256);
        KeyRef ec = create("ec", KeySpec.EC_P256);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.sign(rsa, SignatureAlgorithm.ECDSA_SHA256, DATA));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.sign(hmac, SignatureAlgorithm.HMAC_SHA384, DATA));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.sign(ec, SignatureAlgorithm.ED25519, DATA));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT,
                () -> provider.verify(ec, SignatureAlgorithm.RSA_PSS_SHA256, DATA, DATA));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void createWithAVersionedReferenceIsInvalidArgumentAndCreatesNothing() {
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT,
                () -> provider.createKey(ref("k").withVersion("1"), CreateKeyOptions.of(KeySpec.AES_256)));

        assertThat(provider.listKeys("")).isEmpty();
    }

    @Test
    void createWithOversizedTagIsInvalidArgumentAndCreatesNothing() {
        CreateKeyOptions options = CreateKeyOptions.builder(KeySpec.AES_256).tag("t", "v".repeat(1025)).build();

        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.createKey(ref("k"), options));

        assertThat(provider.listKeys("")).isEmpty();
    }

    @Test
    void everyAllowedUsageOfEverySpecCanBeCreated() {
        int n = 0;
        for (KeySpec spec : KeySpec.values()) {
            if (spec == KeySpec.RSA_3072 || spec == KeySpec.RSA_4096) {
                continue; // covered by the round-trip tests; slow to generate
            }
            for (KeyUsage usage : spec.allowedUsages()) {
                KeyMetadata md = provider.createKey(ref("k" + n++),
                        CreateKeyOptions.builder(spec).usage(usage).build());
                assertThat(md.spec()).isEqualTo(spec);
                assertThat(md.usage()).isEqualTo(usage);
            }
        }
    }

    @Test
    void closedProviderRefusesUse() {
        KeyRef key = create("k", KeySpec.AES_256);
        provider.close();

        assertKmsError(KmsErrorCode.UNAVAILABLE, () -> provider.encrypt(key, DATA, NONE));
        provider.close();
    }

    private static void assertUnsupported(String operation, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        KmsException e = assertKmsError(KmsErrorCode.UNSUPPORTED, call);
        assertThat(e.getMessage()).contains(operation).contains("local://");
    }
}
