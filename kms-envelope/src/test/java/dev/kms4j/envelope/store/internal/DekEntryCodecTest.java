package dev.kms4j.envelope.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.WrappedKey;
import dev.kms4j.envelope.store.DekEntry;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The entry and backup encodings of the file store. */
class DekEntryCodecTest {
    private static final DekEntry ENTRY = DekEntry.builder().entityId("thread-9")
            .wrapped(WrappedKey.of(KeyRef.of("local", "kek", "4"), new byte[] {1, 2, 3, 4, 5}))
            .createdAt(Instant.parse("2026-11-23T10:00:00.250Z")).generation(7).build();

    @Test
    void entryRoundTrips() {
        assertThat(DekEntryCodec.decode(DekEntryCodec.encode(ENTRY), "x")).isEqualTo(ENTRY);
    }

    @Test
    void entryStartsWithMagicAndVersion() {
        assertThat(Arrays.copyOf(DekEntryCodec.encode(ENTRY), 4)).containsExactly('K', 'D', 'E', 1);
    }

    @Test
    void everyFlippedByteOfAnEntryIsIntegrity() {
        byte[] encoded = DekEntryCodec.encode(ENTRY);
        for (int i = 0; i < encoded.length; i++) {
            byte[] bad = encoded.clone();
            bad[i] ^= 0x10;
            assertCode(() -> DekEntryCodec.decode(bad, "x"), KmsErrorCode.INTEGRITY);
        }
    }

    @Test
    void everyTruncationOfAnEntryIsIntegrity() {
        byte[] encoded = DekEntryCodec.encode(ENTRY);
        for (int n = 0; n < encoded.length; n++) {
            byte[] cut = Arrays.copyOf(encoded, n);
            assertCode(() -> DekEntryCodec.decode(cut, "x"), KmsErrorCode.INTEGRITY);
        }
    }

    @Test
    void unknownAlgorithmCodeIsUnsupported() throws Exception {
        byte[] encoded = DekEntryCodec.encode(ENTRY);
        int algorithmOffset = 4 + 2 + "thread-9".length();
        encoded[algorithmOffset] = 99;
        resealDigest(encoded);
        assertCode(() -> DekEntryCodec.decode(encoded, "x"), KmsErrorCode.UNSUPPORTED);
    }

    @Test
    void unknownFormatVersionIsIntegrityNamingIt() throws Exception {
        byte[] encoded = DekEntryCodec.encode(ENTRY);
        encoded[3] = 2;
        resealDigest(encoded);
        assertThatThrownBy(() -> DekEntryCodec.decode(encoded, "x")).hasMessageContaining("unknown format version 2");
    }

    @Test
    void backupRoundTrips() {
        DekEntry other = ENTRY.toBuilder().entityId("thread-10").generation(1).build();
        assertThat(DekEntryCodec.decodeAll(DekEntryCodec.encodeAll(List.of(ENTRY, other)), "b"))
                .containsExactly(ENTRY, other);
        assertThat(DekEntryCodec.decodeAll(DekEntryCodec.encodeAll(List.of()), "b")).isEmpty();
    }

    @Test
    void damagedBackupIsIntegrity() {
        byte[] encoded = DekEntryCodec.encodeAll(List.of(ENTRY));
        encoded[10] ^= 1;
        assertCode(() -> DekEntryCodec.decodeAll(encoded, "b"), KmsErrorCode.INTEGRITY);
    }

    private static void resealDigest(byte[] encoded) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(encoded, 0, encoded.length - 32);
        System.arraycopy(sha.digest(), 0, encoded, encoded.length - 32, 32);
    }

    private static void assertCode(ThrowingCallable call, KmsErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(code);
    }
}
