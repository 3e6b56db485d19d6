package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class DataKeyTest {
    private static final WrappedKey WRAPPED = WrappedKey.of(KeyRef.parse("local://payments#1"), new byte[] {1, 2, 3});

    @Test
    void copyPlaintextReturnsTheKeyBytes() {
        byte[] key = randomKey();

        try (DataKey dek = DataKey.of(key, WRAPPED)) {
            assertThat(dek.copyPlaintext()).isEqualTo(key);
            assertThat(dek.length()).isEqualTo(32);
            assertThat(dek.wrapped()).isSameAs(WRAPPED);
        }
    }

    @Test
    void ofCopiesTheCallersArray() {
        byte[] key = randomKey();
        byte[] original = key.clone();
        DataKey dek = DataKey.of(key, WRAPPED);

        java.util.Arrays.fill(key, (byte) 0);

        assertThat(dek.copyPlaintext()).isEqualTo(original);
    }

    @Test
    void copyPlaintextReturnsAFreshCopyEachTime() {
        DataKey dek = DataKey.of(randomKey(), WRAPPED);
        byte[] first = dek.copyPlaintext();

        first[0] ^= 1;

        assertThat(dek.copyPlaintext()).isNotEqualTo(first);
    }

    @Test
    void copyPlaintextAfterCloseThrows() {
        DataKey dek = DataKey.of(randomKey(), WRAPPED);

        dek.close();

        assertThat(dek.isClosed()).isTrue();
        assertThatThrownBy(dek::copyPlaintext).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeOverwritesThePlaintextWithZeros() throws ReflectiveOperationException {
        DataKey dek = DataKey.of(randomKey(), WRAPPED);

        dek.close();

        // The zeroing is the security property, so look at the field itself.
        Field field = DataKey.class.getDeclaredField("plaintext");
        field.setAccessible(true);
        assertThat((byte[]) field.get(dek)).containsOnly(0);
    }

    @Test
    void closeIsIdempotent() {
        DataKey dek = DataKey.of(randomKey(), WRAPPED);

        dek.close();
        dek.close();

        assertThat(dek.isClosed()).isTrue();
    }

    @Test
    void toStringShowsNoKeyBytes() {
        byte[] key = randomKey();
        DataKey dek = DataKey.of(key, WRAPPED);

        String shown = dek.toString();

        SecretText.assertNoTraceOf(shown, key);
        assertThat(shown).contains("32").contains("local://payments#1");
    }

    @Test
    void toStringOfClosedKeySaysSo() {
        DataKey dek = DataKey.of(randomKey(), WRAPPED);
        dek.close();

        assertThat(dek.toString()).contains("closed");
    }

    @Test
    void ofRejectsNulls() {
        assertThatThrownBy(() -> DataKey.of(null, WRAPPED)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DataKey.of(randomKey(), null)).isInstanceOf(NullPointerException.class);
    }

    private static byte[] randomKey() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
