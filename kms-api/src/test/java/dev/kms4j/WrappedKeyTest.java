package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WrappedKeyTest {
    private static final KeyRef KEK = KeyRef.parse("local://payments#2");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void toBytesRoundTripsThroughFromBytes() {
        WrappedKey wrapped = WrappedKey.of(KEK, randomBytes(48));

        WrappedKey read = WrappedKey.fromBytes(wrapped.toBytes());

        assertThat(read).isEqualTo(wrapped).hasSameHashCodeAs(wrapped);
        assertThat(read.kek()).isEqualTo(KEK);
        assertThat(read.ciphertext()).isEqualTo(wrapped.ciphertext());
    }

    @Test
    void roundTripKeepsLongKekReferences() {
        KeyRef kek = KeyRef.parse("aws-kms://arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        WrappedKey wrapped = WrappedKey.of(kek, randomBytes(200));

        assertThat(WrappedKey.fromBytes(wrapped.toBytes()).kek()).isEqualTo(kek);
    }

    @Test
    void toBytesStartsWithMagicAndFormatVersion() {
        byte[] encoded = WrappedKey.of(KEK, randomBytes(8)).toBytes();
        byte[] uri = KEK.toUri().getBytes(StandardCharsets.UTF_8);

        assertThat(encoded).startsWith('K', 'W', 1, 0, uri.length);
        assertThat(encoded).hasSize(3 + 2 + uri.length + 4 + 8);
    }

    @Test
    void ofCopiesTheCiphertext() {
        byte[] ct = randomBytes(16);
        WrappedKey wrapped = WrappedKey.of(KEK, ct);
        byte[] original = ct.clone();

        ct[0] ^= 1;

        assertThat(wrapped.ciphertext()).isEqualTo(original);
    }

    @Test
    void ciphertextReturnsACopy() {
        WrappedKey wrapped = WrappedKey.of(KEK, randomBytes(16));
        byte[] first = wrapped.ciphertext();

        first[0] ^= 1;

        assertThat(wrapped.ciphertext()).isNotEqualTo(first);
        assertThat(wrapped.length()).isEqualTo(16);
    }

    @Test
    void ofRejectsEmptyCiphertext() {
        assertCode(() -> WrappedKey.of(KEK, new byte[0]), KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void ofRejectsOversizedCiphertext() {
        assertCode(() -> WrappedKey.of(KEK, new byte[WrappedKey.MAX_CIPHERTEXT_BYTES + 1]), KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void ofAcceptsMaximumCiphertext() {
        assertThat(WrappedKey.of(KEK, new byte[WrappedKey.MAX_CIPHERTEXT_BYTES]).length())
                .isEqualTo(WrappedKey.MAX_CIPHERTEXT_BYTES);
    }

    @Test
    void everyTruncationIsAnIntegrityError() {
        byte[] encoded = WrappedKey.of(KEK, randomBytes(32)).toBytes();

        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertCode(() -> WrappedKey.fromBytes(truncated), KmsErrorCode.INTEGRITY);
        }
    }

    @Test
    void trailingBytesAreAnIntegrityError() {
        byte[] encoded = WrappedKey.of(KEK, randomBytes(32)).toBytes();
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);

        assertCode(() -> WrappedKey.fromBytes(longer), KmsErrorCode.INTEGRITY);
    }

    @Test
    void badMagicIsAnIntegrityError() {
        byte[] encoded = WrappedKey.of(KEK, randomBytes(32)).toBytes();
        encoded[0] = 'X';

        assertCode(() -> WrappedKey.fromBytes(encoded), KmsErrorCode.INTEGRITY);
    }

    @Test
    void unknownFormatVersionIsAnIntegrityError() {
        byte[] encoded = WrappedKey.of(KEK, randomBytes(32)).toBytes();
        encoded[2] = 2;

        assertCode(() -> WrappedKey.fromBytes(encoded), KmsErrorCode.INTEGRITY);
    }

    @Test
    void malformedKekReferenceIsAnIntegrityError() {
        byte[] encoded = WrappedKey.of(KEK, randomBytes(32)).toBytes();
        encoded[5] = ' '; // first character of the URI: the scheme becomes " ocal"

        assertCode(() -> WrappedKey.fromBytes(encoded), KmsErrorCode.INTEGRITY);
    }

    @Test
    void zeroCiphertextLengthIsAnIntegrityError() {
        byte[] uri = KEK.toUri().getBytes(StandardCharsets.UTF_8);
        byte[] encoded = new byte[3 + 2 + uri.length + 4];
        encoded[0] = 'K';
        encoded[1] = 'W';
        encoded[2] = 1;
        encoded[4] = (byte) uri.length;
        System.arraycopy(uri, 0, encoded, 5, uri.length);

        assertCode(() -> WrappedKey.fromBytes(encoded), KmsErrorCode.INTEGRITY);
    }

    @Test
    void randomGarbageIsAnIntegrityError() {
        for (int i = 0; i < 200; i++) {
            byte[] garbage = randomBytes(1 + RANDOM.nextInt(100));
            assertCode(() -> WrappedKey.fromBytes(garbage), KmsErrorCode.INTEGRITY);
        }
    }

    @Test
    void garbageAfterAValidHeaderIsAnIntegrityError() {
        byte[] garbage = randomBytes(64);
        garbage[0] = 'K';
        garbage[1] = 'W';
        garbage[2] = 1;

        assertCode(() -> WrappedKey.fromBytes(garbage), KmsErrorCode.INTEGRITY);
    }

    @Test
    void toStringShowsKekAndLengthButNotCiphertext() {
        byte[] ct = randomBytes(32);
        WrappedKey wrapped = WrappedKey.of(KEK, ct);

        assertThat(wrapped.toString()).contains(KEK.toUri()).contains("32");
        SecretText.assertNoTraceOf(wrapped.toString(), ct);
    }

    @Test
    void wrappedKeysWithDifferentKeksAreNotEqual() {
        byte[] ct = randomBytes(16);

        assertThat(WrappedKey.of(KEK, ct)).isNotEqualTo(WrappedKey.of(KEK.withVersion("3"), ct));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void assertCode(Runnable call, KmsErrorCode code) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
