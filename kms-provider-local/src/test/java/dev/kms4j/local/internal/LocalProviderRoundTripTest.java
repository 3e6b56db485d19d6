package dev.kms4j.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyUsage;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key spec does its operations end to end, checked against plain JCA where possible. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class LocalProviderRoundTripTest extends LocalProviderFixture {
    private static final byte[] MESSAGE = "the quick brown fox".getBytes(StandardCharsets.UTF_8);
    private static final EncryptionContext CONTEXT = EncryptionContext.of(Map.of("tenant", "a", "purpose", "test"));

    static Stream<Arguments> signatureCases() {
        return Stream.of(
                Arguments.of(KeySpec.EC_P256, SignatureAlgorithm.ECDSA_SHA256),
                Arguments.of(KeySpec.EC_P256, SignatureAlgorithm.ECDSA_SHA384),
                Arguments.of(KeySpec.EC_P256, SignatureAlgorithm.ECDSA_SHA512),
                Arguments.of(KeySpec.EC_P384, SignatureAlgorithm.ECDSA_SHA384),
                Arguments.of(KeySpec.EC_P521, SignatureAlgorithm.ECDSA_SHA512),
                Arguments.of(KeySpec.EC_SECP256K1, SignatureAlgorithm.ECDSA_SHA256),
                Arguments.of(KeySpec.ED25519, SignatureAlgorithm.ED25519),
                Arguments.of(KeySpec.RSA_2048, SignatureAlgorithm.RSA_PKCS1_SHA256),
                Arguments.of(KeySpec.RSA_2048, SignatureAlgorithm.RSA_PKCS1_SHA384),
                Arguments.of(KeySpec.RSA_2048, SignatureAlgorithm.RSA_PKCS1_SHA512),
                Arguments.of(KeySpec.RSA_2048, SignatureAlgorithm.RSA_PSS_SHA256),
                Arguments.of(KeySpec.RSA_2048, SignatureAlgorithm.RSA_PSS_SHA384),
                Arguments.of(KeySpec.RSA_2048, SignatureAlgorithm.RSA_PSS_SHA512),
                Arguments.of(KeySpec.RSA_3072, SignatureAlgorithm.RSA_PSS_SHA384),
                Arguments.of(KeySpec.RSA_4096, SignatureAlgorithm.RSA_PKCS1_SHA512));
    }

    static Stream<Arguments> encryptionCases() {
        return Stream.of(
                Arguments.of(KeySpec.AES_128, KeyUsage.ENCRYPT_DECRYPT),
                Arguments.of(KeySpec.AES_256, KeyUsage.ENCRYPT_DECRYPT),
                Arguments.of(KeySpec.CHACHA20_POLY1305, KeyUsage.ENCRYPT_DECRYPT),
                Arguments.of(KeySpec.RSA_2048, KeyUsage.ENCRYPT_DECRYPT),
                Arguments.of(KeySpec.RSA_3072, KeyUsage.ENCRYPT_DECRYPT));
    }

    LocalProviderRoundTripTest(StoreKind storeKind) {
        super(storeKind);
    }

    @ParameterizedTest
    @MethodSource("dev.kms4j.local.internal.LocalProviderRoundTripTest#signatureCases")
    void signatureVerifiesWithPlainJavaSecurity(KeySpec spec, SignatureAlgorithm algorithm) throws Exception {
        KeyRef key = create("signer", spec);

        byte[] signature = provider.sign(key, algorithm, MESSAGE);

        PublicKey publicKey = provider.publicKey(key);
        // The JDK dropped secp256k1, so that curve is checked with Bouncy Castle's JCA provider.
        Signature jca = spec == KeySpec.EC_SECP256K1
                ? Signature.getInstance(algorithm.jcaName(), new BouncyCastleProvider())
                : Signature.getInstance(algorithm.jcaName());
        if (algorithm.jcaParameters() != null) {
            jca.setParameter(algorithm.jcaParameters());
        }
        jca.initVerify(publicKey);
        jca.update(MESSAGE);
        assertThat(jca.verify(signature)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("dev.kms4j.local.internal.LocalProviderRoundTripTest#signatureCases")
    void signatureVerifiesWithTheProvider(KeySpec spec, SignatureAlgorithm algorithm) {
        KeyRef key = create("signer", spec);

        byte[] signature = provider.sign(key, algorithm, MESSAGE);

        assertThat(provider.verify(key, algorithm, MESSAGE, signature)).isTrue();
        assertThat(provider.verify(key, algorithm, "another message".getBytes(StandardCharsets.UTF_8), signature))
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"HMAC_SHA256", "HMAC_SHA384", "HMAC_SHA512"})
    void macHasTheDigestLengthAndVerifies(KeySpec spec) {
        KeyRef key = create("mac", spec);
        SignatureAlgorithm algorithm = SignatureAlgorithm.valueOf(spec.name());

        byte[] tag = provider.sign(key, algorithm, MESSAGE);

        assertThat(tag).hasSize(algorithm.digestLength());
        assertThat(provider.verify(key, algorithm, MESSAGE, tag)).isTrue();
        assertThat(provider.sign(key, algorithm, MESSAGE)).isEqualTo(tag);
    }

    @ParameterizedTest
    @MethodSource("dev.kms4j.local.internal.LocalProviderRoundTripTest#encryptionCases")
    void encryptThenDecryptGivesThePlaintext(KeySpec spec, KeyUsage usage) {
        KeyRef key = create("enc", spec, usage);

        byte[] ciphertext = provider.encrypt(key, MESSAGE, CONTEXT);

        assertThat(provider.decrypt(key, ciphertext, CONTEXT)).isEqualTo(MESSAGE);
    }

    @ParameterizedTest
    @MethodSource("dev.kms4j.local.internal.LocalProviderRoundTripTest#encryptionCases")
    void emptyPlaintextRoundTrips(KeySpec spec, KeyUsage usage) {
        KeyRef key = create("enc", spec, usage);

        byte[] ciphertext = provider.encrypt(key, new byte[0], EncryptionContext.empty());

        assertThat(provider.decrypt(key, ciphertext, EncryptionContext.empty())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.kms4j.local.internal.LocalProviderRoundTripTest#encryptionCases")
    void largestPlaintextRoundTrips(KeySpec spec, KeyUsage usage) {
        KeyRef key = create("enc", spec, usage);
        int largest = spec.type() == dev.kms4j.KeyType.RSA
                ? RsaOaep.maxPlaintextLength(spec.bits() / 8) : LocalKmsProvider.MAX_PLAINTEXT_BYTES;
        byte[] plaintext = new byte[largest];
        Arrays.fill(plaintext, (byte) 0x5a);

        byte[] ciphertext = provider.encrypt(key, plaintext, CONTEXT);

        assertThat(provider.decrypt(key, ciphertext, CONTEXT)).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @MethodSource("dev.kms4j.local.internal.LocalProviderRoundTripTest#encryptionCases")
    void wrapThenUnwrapGivesTheKeyBytes(KeySpec spec, KeyUsage usage) {
        KeyRef key = create("kek", spec, usage);
        byte[] dek = new byte[32];
        Arrays.fill(dek, (byte) 7);

        WrappedKey wrapped = provider.wrap(key, dek, CONTEXT);

        assertThat(wrapped.kek()).isEqualTo(key.withVersion("1"));
        try (DataKey unwrapped = provider.unwrap(wrapped, CONTEXT)) {
            assertThat(unwrapped.copyPlaintext()).isEqualTo(dek);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.kms4j.local.internal.LocalProviderRoundTripTest#encryptionCases")
    void createdDataKeyUnwrapsToTheSameBytes(KeySpec spec, KeyUsage usage) {
        KeyRef key = create("kek", spec, usage);

        try (DataKey dek = provider.createDek(key, DekSpec.AES_256, CONTEXT);
             DataKey unwrapped = provider.unwrap(dek.wrapped(), CONTEXT)) {
            assertThat(dek.length()).isEqualTo(32);
            assertThat(dek.wrapped().kek()).isEqualTo(key.withVersion("1"));
            assertThat(unwrapped.copyPlaintext()).isEqualTo(dek.copyPlaintext());
        }
    }

    @ParameterizedTest
    @EnumSource(DekSpec.class)
    void dataKeyHasTheRequestedLengthAndIsRandom(DekSpec dekSpec) {
        KeyRef key = create("kek", KeySpec.AES_256);

        try (DataKey a = provider.createDek(key, dekSpec, CONTEXT);
             DataKey b = provider.createDek(key, dekSpec, CONTEXT)) {
            assertThat(a.length()).isEqualTo(dekSpec.lengthBytes());
            assertThat(a.copyPlaintext()).isNotEqualTo(b.copyPlaintext());
        }
    }
}
