package dev.kms4j.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyUsage;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ciphertext format, authentication failures and size limits of encrypt/decrypt/wrap/unwrap. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class LocalProviderEncryptionTest extends LocalProviderFixture {
    private static final byte[] PLAINTEXT = "attack at dawn".getBytes(StandardCharsets.UTF_8);
    private static final EncryptionContext CONTEXT = EncryptionContext.of(Map.of("tenant", "a"));

    LocalProviderEncryptionTest(StoreKind storeKind) {
        super(storeKind);
    }

    @Test
    void aeadCiphertextIsFormatByteVersionNonceCiphertextAndTag() {
        KeyRef key = create("k", KeySpec.AES_256);
        provider.rotate(key);

        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);

        assertThat(ct).hasSize(1 + 4 + 12 + PLAINTEXT.length + 16);
        assertThat(ct[0]).isEqualTo((byte) 0x01);
        assertThat(Arrays.copyOfRange(ct, 1, 5)).containsExactly(0, 0, 0, 2);
    }

    @Test
    void rsaCiphertextIsFormatByteVersionAndOneOaepBlock() {
        KeyRef key = create("k", KeySpec.RSA_2048, KeyUsage.ENCRYPT_DECRYPT);

        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);

        assertThat(ct).hasSize(1 + 4 + 256);
        assertThat(ct[0]).isEqualTo((byte) 0x02);
        assertThat(Arrays.copyOfRange(ct, 1, 5)).containsExactly(0, 0, 0, 1);
    }

    @Test
    void encryptingTwiceGivesDifferentCiphertexts() {
        KeyRef key = create("k", KeySpec.AES_256);

        assertThat(provider.encrypt(key, PLAINTEXT, CONTEXT)).isNotEqualTo(provider.encrypt(key, PLAINTEXT, CONTEXT));
    }

    @Test
    void sameCiphertextDecryptsRepeatedly() {
        // JDK 17's ChaCha20 refuses a repeated key and nonce on one Cipher; decryption must not care.
        KeyRef key = create("k", KeySpec.CHACHA20_POLY1305);
        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);

        for (int i = 0; i < 3; i++) {
            assertThat(provider.decrypt(key, ct, CONTEXT)).isEqualTo(PLAINTEXT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AES_128", "AES_256", "CHACHA20_POLY1305", "RSA_2048"})
    void wrongContextIsIntegrityError(String specName) {
        KeySpec spec = KeySpec.valueOf(specName);
        KeyRef key = create("k", spec, KeyUsage.ENCRYPT_DECRYPT);
        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INTEGRITY,
                () -> provider.decrypt(key, ct, EncryptionContext.of(Map.of("tenant", "b"))));
        assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(key, ct, EncryptionContext.empty()));
        assertThat(provider.decrypt(key, ct, CONTEXT)).isEqualTo(PLAINTEXT);

        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AES_256", "CHACHA20_POLY1305", "RSA_2048"})
    void anyFlippedBitIsIntegrityError(String specName) {
        KeyRef key = create("k", KeySpec.valueOf(specName), KeyUsage.ENCRYPT_DECRYPT);
        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);
        var before = snapshot();

        // Every byte after the version: nonce, ciphertext and tag (or the OAEP block).
        for (int i = 5; i < ct.length; i++) {
            byte[] tampered = ct.clone();
            tampered[i] ^= 0x01;
            assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(key, tampered, CONTEXT));
        }
        assertThat(provider.decrypt(key, ct, CONTEXT)).isEqualTo(PLAINTEXT);

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void changedFormatByteIsIntegrityError() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);
        ct[0] = 0x02;
        var before = snapshot();

        assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(key, ct, CONTEXT));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void changedVersionIsIntegrityError() {
        KeyRef key = create("k", KeySpec.AES_256);
        provider.rotate(key);
        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);
        ct[4] = 1; // claims version 1, but was made with version 2

        var before = snapshot();

        assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(key, ct, CONTEXT));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void versionTheKeyNeverHadIsIntegrityError() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);
        ct[4] = 9;
        var before = snapshot();

        assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(key, ct, CONTEXT));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void truncatedCiphertextIsIntegrityError() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);
        var before = snapshot();

        for (int length = 0; length < ct.length; length++) {
            byte[] truncated = Arrays.copyOf(ct, length);
            assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(key, truncated, CONTEXT));
        }

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void truncatedRsaCiphertextIsIntegrityError() {
        KeyRef key = create("k", KeySpec.RSA_2048, KeyUsage.ENCRYPT_DECRYPT);
        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);
        var before = snapshot();

        for (int length : new int[] {0, 3, 5, ct.length - 1}) {
            byte[] truncated = Arrays.copyOf(ct, length);
            assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(key, truncated, CONTEXT));
        }

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void appendedBytesAreIntegrityError() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(key, Arrays.copyOf(ct, ct.length + 1), CONTEXT));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void ciphertextOfAnotherKeyIsIntegrityError() {
        KeyRef a = create("a", KeySpec.AES_256);
        KeyRef b = create("b", KeySpec.AES_256);
        byte[] ct = provider.encrypt(a, PLAINTEXT, CONTEXT);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(b, ct, CONTEXT));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void ciphertextOfAnotherAlgorithmIsIntegrityError() {
        KeyRef aes = create("aes", KeySpec.AES_256);
        KeyRef chacha = create("chacha", KeySpec.CHACHA20_POLY1305);
        KeyRef rsa = create("rsa", KeySpec.RSA_2048, KeyUsage.ENCRYPT_DECRYPT);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INTEGRITY,
                () -> provider.decrypt(chacha, provider.encrypt(aes, PLAINTEXT, CONTEXT), CONTEXT));
        assertKmsError(KmsErrorCode.INTEGRITY,
                () -> provider.decrypt(rsa, provider.encrypt(aes, PLAINTEXT, CONTEXT), CONTEXT));
        assertKmsError(KmsErrorCode.INTEGRITY,
                () -> provider.decrypt(aes, provider.encrypt(rsa, PLAINTEXT, CONTEXT), CONTEXT));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void decryptWithAVersionOtherThanTheCiphertextsIsIntegrityError() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);
        provider.rotate(key);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(key.withVersion("2"), ct, CONTEXT));
        assertThat(provider.decrypt(key.withVersion("1"), ct, CONTEXT)).isEqualTo(PLAINTEXT);

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void encryptWithAnExplicitVersionUsesThatVersion() {
        KeyRef key = create("k", KeySpec.AES_256);
        provider.rotate(key);

        byte[] ct = provider.encrypt(key.withVersion("1"), PLAINTEXT, CONTEXT);

        assertThat(ct[4]).isEqualTo((byte) 1);
        assertThat(provider.decrypt(key, ct, CONTEXT)).isEqualTo(PLAINTEXT);
    }

    @Test
    void wrappedKeyDoesNotDecryptAndCiphertextDoesNotUnwrap() {
        KeyRef key = create("k", KeySpec.AES_256);
        WrappedKey wrapped = provider.wrap(key, new byte[32], CONTEXT);
        byte[] ct = provider.encrypt(key, new byte[32], CONTEXT);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(key, wrapped.ciphertext(), CONTEXT));
        assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.unwrap(WrappedKey.of(key.withVersion("1"), ct), CONTEXT));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void unwrapWithWrongContextIsIntegrityError() {
        KeyRef key = create("k", KeySpec.AES_256);
        WrappedKey wrapped = provider.wrap(key, new byte[16], CONTEXT);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.unwrap(wrapped, EncryptionContext.empty()));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void unwrapUnderAnotherKeyIsIntegrityError() {
        KeyRef a = create("a", KeySpec.AES_256);
        KeyRef b = create("b", KeySpec.AES_256);
        WrappedKey wrapped = provider.wrap(a, new byte[16], CONTEXT);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INTEGRITY,
                () -> provider.unwrap(WrappedKey.of(b.withVersion("1"), wrapped.ciphertext()), CONTEXT));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void unwrapUsesTheKekVersionRecordedInTheWrappedKey() {
        KeyRef key = create("k", KeySpec.AES_256);
        WrappedKey wrapped = provider.wrap(key, new byte[] {1, 2, 3}, CONTEXT);
        provider.rotate(key);

        try (DataKey unwrapped = provider.unwrap(wrapped, CONTEXT)) {
            assertThat(unwrapped.copyPlaintext()).containsExactly(1, 2, 3);
        }
        assertKmsError(KmsErrorCode.INTEGRITY,
                () -> provider.unwrap(WrappedKey.of(key.withVersion("2"), wrapped.ciphertext()), CONTEXT));
    }

    @Test
    void unwrapWithUnversionedKekUsesTheCiphertextsVersion() {
        KeyRef key = create("k", KeySpec.AES_256);
        WrappedKey wrapped = provider.wrap(key, new byte[] {4, 5}, CONTEXT);
        provider.rotate(key);

        try (DataKey unwrapped = provider.unwrap(WrappedKey.of(key, wrapped.ciphertext()), CONTEXT)) {
            assertThat(unwrapped.copyPlaintext()).containsExactly(4, 5);
        }
    }

    @Test
    void createDekRecordsTheExactKekVersion() {
        KeyRef key = create("k", KeySpec.AES_256);
        provider.rotate(key);

        try (DataKey dek = provider.createDek(key, DekSpec.AES_128, CONTEXT)) {
            assertThat(dek.wrapped().kek()).isEqualTo(key.withVersion("2"));
        }
    }

    @Test
    void plaintextOverOneMebibyteIsInvalidArgument() {
        KeyRef key = create("k", KeySpec.AES_256);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INVALID_ARGUMENT,
                () -> provider.encrypt(key, new byte[LocalKmsProvider.MAX_PLAINTEXT_BYTES + 1], CONTEXT));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void rsaPlaintextLargerThanOneOaepBlockIsInvalidArgument() {
        KeyRef key = create("k", KeySpec.RSA_2048, KeyUsage.ENCRYPT_DECRYPT);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.encrypt(key, new byte[191], CONTEXT));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.wrap(key, new byte[191], CONTEXT));
        assertThat(provider.decrypt(key, provider.encrypt(key, new byte[190], CONTEXT), CONTEXT)).hasSize(190);

        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, LocalKmsProvider.MAX_WRAP_KEY_BYTES + 1})
    void wrapKeyOutsideOneTo4096BytesIsInvalidArgument(int length) {
        KeyRef key = create("k", KeySpec.AES_256);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.wrap(key, new byte[length], CONTEXT));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void wrapAcceptsExactly4096Bytes() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] big = new byte[LocalKmsProvider.MAX_WRAP_KEY_BYTES];

        try (DataKey unwrapped = provider.unwrap(provider.wrap(key, big, CONTEXT), CONTEXT)) {
            assertThat(unwrapped.length()).isEqualTo(big.length);
        }
    }

    @Test
    void wrapLeavesTheCallersKeyBytesAlone() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] dek = {9, 9, 9};

        provider.wrap(key, dek, CONTEXT);

        assertThat(dek).containsExactly(9, 9, 9);
    }

    @Test
    void failedDecryptsChangeNothing() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] ct = provider.encrypt(key, PLAINTEXT, CONTEXT);
        var before = provider.metadata(key);
        byte[] tampered = ct.clone();
        tampered[tampered.length - 1] ^= 1;

        assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(key, tampered, CONTEXT));

        assertThat(provider.metadata(key)).isEqualTo(before);
        assertThat(provider.decrypt(key, ct, CONTEXT)).isEqualTo(PLAINTEXT);
    }
}
