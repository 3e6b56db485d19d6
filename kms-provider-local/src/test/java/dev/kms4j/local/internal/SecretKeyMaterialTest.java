package dev.kms4j.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class SecretKeyMaterialTest {
    private static final byte[] BYTES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    @Test
    void copiesTheSourceAndHandsOutCopies() {
        byte[] source = BYTES.clone();
        SecretKeyMaterial key = new SecretKeyMaterial("AES", source);
        source[0] = 99;

        byte[] out = key.getEncoded();
        out[1] = 99;

        assertThat(key.getEncoded()).isEqualTo(BYTES);
        assertThat(key.getFormat()).isEqualTo("RAW");
        assertThat(key.getAlgorithm()).isEqualTo("AES");
    }

    @Test
    void destroyedKeyRefusesToHandOutBytes() {
        SecretKeyMaterial key = new SecretKeyMaterial("AES", BYTES);

        key.destroy();

        assertThat(key.isDestroyed()).isTrue();
        assertThatThrownBy(key::getEncoded).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringShowsNoBytes() {
        assertThat(new SecretKeyMaterial("HmacSHA256", BYTES).toString())
                .isEqualTo("SecretKeyMaterial{HmacSHA256, 16 bytes, redacted}");
    }

    @Test
    void cannotBeSerialized() {
        SecretKeyMaterial key = new SecretKeyMaterial("AES", BYTES);

        assertThatThrownBy(() -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(key))
                .isInstanceOf(NotSerializableException.class);
    }
}
