package dev.kms4j.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.SignatureAlgorithm;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Signature formats, verification outcomes and how versions take part in verification. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class LocalProviderSignatureTest extends LocalProviderFixture {
    private static final byte[] MESSAGE = "sign me".getBytes(StandardCharsets.UTF_8);

    LocalProviderSignatureTest(StoreKind storeKind) {
        super(storeKind);
    }

    @Test
    void ecdsaSignatureIsDerSequenceOfTwoIntegers() throws Exception {
        KeyRef key = create("ec", KeySpec.EC_P256);

        byte[] signature = provider.sign(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);

        ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(signature));
        assertThat(seq.size()).isEqualTo(2);
        BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
        BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
        assertThat(r.signum()).isPositive();
        assertThat(s.signum()).isPositive();
        assertThat(seq.getEncoded("DER")).isEqualTo(signature);
    }

    @Test
    void ecdsaUsesDeterministicNonces() {
        KeyRef key = create("ec", KeySpec.EC_P256);

        assertThat(provider.sign(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE))
                .isEqualTo(provider.sign(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE));
    }

    @Test
    void ed25519SignatureIs64Bytes() {
        KeyRef key = create("ed", KeySpec.ED25519);

        assertThat(provider.sign(key, SignatureAlgorithm.ED25519, MESSAGE)).hasSize(64);
    }

    @ParameterizedTest
    @CsvSource({"EC_P256, ECDSA_SHA256", "EC_SECP256K1, ECDSA_SHA256", "ED25519, ED25519",
        "RSA_2048, RSA_PSS_SHA256", "RSA_2048, RSA_PKCS1_SHA256", "HMAC_SHA256, HMAC_SHA256"})
    void malformedSignaturesVerifyFalse(KeySpec spec, SignatureAlgorithm algorithm) {
        KeyRef key = create("k", spec);
        byte[] good = provider.sign(key, algorithm, MESSAGE);
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x10;

        assertThat(provider.verify(key, algorithm, MESSAGE, new byte[0])).isFalse();
        assertThat(provider.verify(key, algorithm, MESSAGE, new byte[] {0x30, 0x00})).isFalse();
        assertThat(provider.verify(key, algorithm, MESSAGE, Arrays.copyOf(good, good.length - 1))).isFalse();
        assertThat(provider.verify(key, algorithm, MESSAGE, Arrays.copyOf(good, good.length + 1))).isFalse();
        assertThat(provider.verify(key, algorithm, MESSAGE, flipped)).isFalse();
        assertThat(provider.verify(key, algorithm, MESSAGE, new byte[good.length])).isFalse();
        assertThat(provider.verify(key, algorithm, MESSAGE, good)).isTrue();
    }

    @Test
    void signatureOfAnotherKeyVerifiesFalse() {
        KeyRef a = create("a", KeySpec.ED25519);
        KeyRef b = create("b", KeySpec.ED25519);

        byte[] signature = provider.sign(a, SignatureAlgorithm.ED25519, MESSAGE);

        assertThat(provider.verify(b, SignatureAlgorithm.ED25519, MESSAGE, signature)).isFalse();
    }

    @Test
    void unversionedVerifyAcceptsSignaturesOfOlderEnabledVersions() {
        KeyRef key = create("k", KeySpec.EC_P256);
        byte[] old = provider.sign(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        provider.rotate(key);
        provider.rotate(key);

        assertThat(provider.verify(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, old)).isTrue();
    }

    @Test
    void macOfAnOlderVersionVerifiesAfterRotation() {
        KeyRef key = create("k", KeySpec.HMAC_SHA512);
        byte[] old = provider.sign(key, SignatureAlgorithm.HMAC_SHA512, MESSAGE);
        provider.rotate(key);

        assertThat(provider.verify(key, SignatureAlgorithm.HMAC_SHA512, MESSAGE, old)).isTrue();
        assertThat(provider.sign(key, SignatureAlgorithm.HMAC_SHA512, MESSAGE)).isNotEqualTo(old);
    }

    @Test
    void versionedVerifyChecksOnlyThatVersion() {
        KeyRef key = create("k", KeySpec.EC_P256);
        byte[] v1 = provider.sign(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        provider.rotate(key);

        assertThat(provider.verify(key.withVersion("1"), SignatureAlgorithm.ECDSA_SHA256, MESSAGE, v1)).isTrue();
        assertThat(provider.verify(key.withVersion("2"), SignatureAlgorithm.ECDSA_SHA256, MESSAGE, v1)).isFalse();
    }

    @Test
    void signWithAVersionUsesThatVersion() {
        KeyRef key = create("k", KeySpec.ED25519);
        provider.rotate(key);

        byte[] signature = provider.sign(key.withVersion("1"), SignatureAlgorithm.ED25519, MESSAGE);

        assertThat(provider.verify(key.withVersion("1"), SignatureAlgorithm.ED25519, MESSAGE, signature)).isTrue();
        assertThat(provider.verify(key.withVersion("2"), SignatureAlgorithm.ED25519, MESSAGE, signature)).isFalse();
    }

    @Test
    void unversionedVerifyIgnoresDisabledVersions() {
        KeyRef key = create("k", KeySpec.EC_P256);
        byte[] v1 = provider.sign(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        provider.rotate(key);
        provider.disable(key.withVersion("1"));

        assertThat(provider.verify(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, v1)).isFalse();
    }

    @Test
    void versionedVerifyWithDisabledVersionIsInvalidKeyState() {
        KeyRef key = create("k", KeySpec.EC_P256);
        byte[] v1 = provider.sign(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        provider.rotate(key);
        provider.disable(key.withVersion("1"));

        assertKmsError(KmsErrorCode.INVALID_KEY_STATE,
                () -> provider.verify(key.withVersion("1"), SignatureAlgorithm.ECDSA_SHA256, MESSAGE, v1));
    }

    @Test
    void publicKeyOfAVersionIsThatVersionsKey() {
        KeyRef key = create("k", KeySpec.EC_P256);
        PublicKey v1 = provider.publicKey(key);
        provider.rotate(key);

        assertThat(provider.publicKey(key.withVersion("1"))).isEqualTo(v1);
        assertThat(provider.publicKey(key)).isNotEqualTo(v1).isEqualTo(provider.publicKey(key.withVersion("2")));
    }

    @Test
    void publicKeysAreStandardX509Encodings() {
        KeyRef ec = create("ec", KeySpec.EC_P256);
        KeyRef ed = create("ed", KeySpec.ED25519);

        assertThat(provider.publicKey(ec).getFormat()).isEqualTo("X.509");
        assertThat(provider.publicKey(ec).getAlgorithm()).isEqualTo("EC");
        assertThat(provider.publicKey(ed).getFormat()).isEqualTo("X.509");
        assertThat(dev.kms4j.PublicKeys.fromDer(provider.publicKey(ed).getEncoded())).isEqualTo(provider.publicKey(ed));
    }

    @Test
    void publicKeySurvivesReopeningTheStore() {
        KeyRef key = create("k", KeySpec.ED25519);
        PublicKey before = provider.publicKey(key);
        byte[] signature = provider.sign(key, SignatureAlgorithm.ED25519, MESSAGE);

        reopen();

        if (storeKind == StoreKind.DISK) {
            assertThat(provider.publicKey(key)).isEqualTo(before);
            assertThat(provider.verify(key, SignatureAlgorithm.ED25519, MESSAGE, signature)).isTrue();
        } else {
            assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.publicKey(key));
        }
    }
}
