package dev.kms4j.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.EncryptionContext;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AzureCiphertextTest {
    private static final String VERSION = "0123456789abcdef0123456789abcdef";

    @Test
    void gcmBlobRoundTripsWithItsVersionIvAndTag() {
        AzureCiphertext blob = new AzureCiphertext(AzureCiphertext.Algorithm.A256GCM, VERSION, new byte[12], filled(16, 7),
                filled(5, 9));

        AzureCiphertext parsed = AzureCiphertext.parse(blob.toBytes());

        assertThat(parsed.algorithm()).isEqualTo(AzureCiphertext.Algorithm.A256GCM);
        assertThat(parsed.version()).isEqualTo(VERSION);
        assertThat(parsed.iv()).isEqualTo(new byte[12]);
        assertThat(parsed.tag()).isEqualTo(filled(16, 7));
        assertThat(parsed.ciphertext()).isEqualTo(filled(5, 9));
    }

    @Test
    void truncatedOrForeignBytesAreRejected() {
        byte[] bytes = new AzureCiphertext(AzureCiphertext.Algorithm.RSA_OAEP_256, VERSION, null, null, filled(256, 1))
                .toBytes();

        assertThatThrownBy(() -> AzureCiphertext.parse(Arrays.copyOf(bytes, 20))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AzureCiphertext.parse(filled(64, 3))).isInstanceOf(IllegalArgumentException.class);
        byte[] badVersion = bytes.clone();
        badVersion[6] = '/';
        assertThatThrownBy(() -> AzureCiphertext.parse(badVersion)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aadBindsTheContextBehindAFixedLabel() {
        byte[] empty = AzureCiphertext.aad(EncryptionContext.empty());
        byte[] some = AzureCiphertext.aad(EncryptionContext.of("tenant", "acme"));

        assertThat(empty).isNotEqualTo(some);
        assertThat(new String(empty, java.nio.charset.StandardCharsets.US_ASCII)).startsWith("kms4j/azure-kv/");
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
