package dev.kms4j.envelope.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.envelope.PayloadAlgorithm;
import org.junit.jupiter.api.Test;

class DekMaterialTest {
    private static DekMaterial material() {
        byte[] dek = new byte[32];
        dek[0] = 1;
        return DekMaterial.derive(dek, PayloadAlgorithm.AES_256_GCM, 0);
    }

    @Test
    void lastReleaseZeroesEveryKeyByte() {
        DekMaterial m = material();
        assertThat(m.acquire()).isTrue();
        m.release();
        assertThat(m.allKeyBytesZero()).isFalse();
        m.release();
        assertThat(m.allKeyBytesZero()).isTrue();
    }

    @Test
    void zeroedMaterialCannotBeAcquired() {
        DekMaterial m = material();
        m.release();
        assertThat(m.acquire()).isFalse();
    }

    @Test
    void keepsACopyOfTheDataKeyForRewrap() {
        byte[] dek = new byte[32];
        dek[0] = 1;
        DekMaterial m = DekMaterial.derive(dek, PayloadAlgorithm.AES_256_GCM, 0);
        dek[0] = 2;
        assertThat(m.copyDek()[0]).isEqualTo((byte) 1);
    }

    @Test
    void toStringShowsNoKeyMaterial() {
        assertThat(material().toString()).isEqualTo("DekMaterial{redacted, references=1}");
    }
}
