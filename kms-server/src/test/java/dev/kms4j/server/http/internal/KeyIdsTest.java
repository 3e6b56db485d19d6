package dev.kms4j.server.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The key_id mapping: "k_" + thread id, both ways. */
class KeyIdsTest {
    @Test
    void aThreadsKeyIdIsThePrefixAndTheThreadId() {
        assertThat(KeyIds.forThread("01HZX3K9Q7")).isEqualTo("k_01HZX3K9Q7");
    }

    @Test
    void aKeyIdMapsBackToItsThread() {
        assertThat(KeyIds.threadOf(KeyIds.forThread("thread-1.a_b"))).isEqualTo("thread-1.a_b");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "k_", "thread-1", "K_thread", "k_../x", "k_a/b", "k_-lead", "k_a\nb"})
    void malformedKeyIdsAreInvalidArguments(String keyId) {
        assertThatThrownBy(() -> KeyIds.threadOf(keyId)).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void anInvalidThreadIdHasNoKeyId() {
        assertThatThrownBy(() -> KeyIds.forThread("a b")).isInstanceOf(KmsException.class);
    }
}
