package dev.kms4j.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyUsage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyRecordCodecTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00.123456789Z");
    private static final Instant T1 = Instant.parse("2030-02-01T00:00:00Z");

    private static KeyRecord sample() {
        return KeyRecord.create("pay-1", KeySpec.AES_256, KeyUsage.ENCRYPT_DECRYPT, "für Zahlungen",
                        Map.of("team", "pay", "env", "prod"), T0, filled(32, 1))
                .withNewVersion(T1, filled(32, 2))
                .withVersionState(1, KeyState.DISABLED)
                .withState(KeyState.PENDING_DELETION, T1.plusSeconds(60));
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void encodeThenDecodeKeepsEveryField() {
        KeyRecord original = sample();

        KeyRecord decoded = KeyRecordCodec.decode("pay-1", KeyRecordCodec.encode(original));

        assertThat(decoded.keyId()).isEqualTo("pay-1");
        assertThat(decoded.spec()).isEqualTo(KeySpec.AES_256);
        assertThat(decoded.usage()).isEqualTo(KeyUsage.ENCRYPT_DECRYPT);
        assertThat(decoded.description()).isEqualTo("für Zahlungen");
        assertThat(decoded.tags()).containsExactly(Map.entry("env", "prod"), Map.entry("team", "pay"));
        assertThat(decoded.createdAt()).isEqualTo(T0);
        assertThat(decoded.state()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(decoded.deletionDate()).isEqualTo(T1.plusSeconds(60));
        assertThat(decoded.currentVersion()).isEqualTo(2);
        assertThat(decoded.versions()).extracting(KeyRecord.Version::state)
                .containsExactly(KeyState.DISABLED, KeyState.ENABLED);
        assertThat(decoded.version(1).createdAt()).isEqualTo(T0);
        assertThat(decoded.version(2).createdAt()).isEqualTo(T1);
        assertThat(decoded.version(1).material()).isEqualTo(filled(32, 1));
        assertThat(decoded.version(2).material()).isEqualTo(filled(32, 2));
    }

    @Test
    void absentDescriptionAndNoTagsRoundTrip() {
        KeyRecord original = KeyRecord.create("k", KeySpec.HMAC_SHA256, KeyUsage.GENERATE_VERIFY_MAC, null, Map.of(),
                T0, filled(32, 3));

        KeyRecord decoded = KeyRecordCodec.decode("k", KeyRecordCodec.encode(original));

        assertThat(decoded.description()).isNull();
        assertThat(decoded.tags()).isEmpty();
        assertThat(decoded.deletionDate()).isNull();
    }

    @Test
    void formatStartsWithMagicAndVersion() {
        assertThat(Arrays.copyOf(KeyRecordCodec.encode(sample()), 3)).containsExactly('K', 'R', 1);
    }

    @Test
    void recordOfAnotherKeyIsRefused() {
        byte[] encoded = KeyRecordCodec.encode(sample());

        assertThatThrownBy(() -> KeyRecordCodec.decode("other", encoded)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] encoded = KeyRecordCodec.encode(sample());

        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThatThrownBy(() -> KeyRecordCodec.decode("pay-1", truncated))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] encoded = KeyRecordCodec.encode(sample());

        assertThatThrownBy(() -> KeyRecordCodec.decode("pay-1", Arrays.copyOf(encoded, encoded.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
    }

    @Test
    void unknownFormatVersionIsRefused() {
        byte[] encoded = KeyRecordCodec.encode(sample());
        encoded[2] = 2;

        assertThatThrownBy(() -> KeyRecordCodec.decode("pay-1", encoded)).hasMessageContaining("format 2");
    }

    @Test
    void unknownSpecNameIsRefused() {
        KeyRecord r = KeyRecord.create("k", KeySpec.AES_128, KeyUsage.ENCRYPT_DECRYPT, null, Map.of(), T0, filled(16, 1));
        byte[] encoded = KeyRecordCodec.encode(r);
        // The spec name follows the magic, the format byte and the key id ("k").
        int specName = 3 + 4 + 1 + 4;
        encoded[specName] = 'X';

        assertThatThrownBy(() -> KeyRecordCodec.decode("k", encoded)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hugeLengthIsRefusedWithoutAllocating() {
        ByteBuffer b = ByteBuffer.allocate(7);
        b.put(new byte[] {'K', 'R', 1}).putInt(Integer.MAX_VALUE);

        assertThatThrownBy(() -> KeyRecordCodec.decode("k", b.array())).hasMessageContaining("out of range");
    }

    @Test
    void specAndUsageThatDoNotGoTogetherAreRefused() {
        KeyRecord r = KeyRecord.create("k", KeySpec.AES_128, KeyUsage.ENCRYPT_DECRYPT, null, Map.of(), T0, filled(16, 1));
        String encoded = new String(KeyRecordCodec.encode(r), StandardCharsets.ISO_8859_1)
                .replace("ENCRYPT_DECRYPT", "SIGN_VERIFY\0\0\0\0");
        byte[] bytes = encoded.getBytes(StandardCharsets.ISO_8859_1);
        // Fix the usage's length prefix (15 -> 11) and drop the four padding bytes.
        int at = encoded.indexOf("SIGN_VERIFY");
        bytes[at - 1] = 11;
        byte[] fixed = new byte[bytes.length - 4];
        System.arraycopy(bytes, 0, fixed, 0, at + 11);
        System.arraycopy(bytes, at + 15, fixed, at + 11, bytes.length - at - 15);

        assertThatThrownBy(() -> KeyRecordCodec.decode("k", fixed)).hasMessageContaining("unsupported spec and usage");
    }

    @Test
    void brokenInvariantsAreRefused() {
        assertThatThrownBy(() -> new KeyRecord("k", KeySpec.AES_128, KeyUsage.ENCRYPT_DECRYPT, null, Map.of(), T0,
                KeyState.ENABLED, null, 1, List.of(new KeyRecord.Version(1, KeyState.DISABLED, T0, new byte[16]))))
                .hasMessageContaining("current version must be enabled");
        assertThatThrownBy(() -> new KeyRecord("k", KeySpec.AES_128, KeyUsage.ENCRYPT_DECRYPT, null, Map.of(), T0,
                KeyState.ENABLED, null, 1, List.of(new KeyRecord.Version(2, KeyState.ENABLED, T0, new byte[16]))))
                .hasMessageContaining("numbered");
        assertThatThrownBy(() -> new KeyRecord("k", KeySpec.AES_128, KeyUsage.ENCRYPT_DECRYPT, null, Map.of(), T0,
                KeyState.PENDING_DELETION, null, 1, List.of(new KeyRecord.Version(1, KeyState.ENABLED, T0, new byte[16]))))
                .hasMessageContaining("deletion date");
    }

    @Test
    void toStringShowsNoMaterial() {
        KeyRecord r = sample();

        assertThat(r.toString()).contains("pay-1", "AES_256", "material redacted").doesNotContain("0101");
        assertThat(r.version(1).toString()).contains("material redacted");
    }

    @Test
    void wipeZeroesEveryVersionsMaterial() {
        KeyRecord r = sample();

        r.wipe();

        assertThat(r.version(1).material()).containsOnly(0);
        assertThat(r.version(2).material()).containsOnly(0);
    }
}
