package dev.kms4j.envelope;

import static dev.kms4j.envelope.Codes.fails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DekCacheEnvelopeTest {
    private final TestKms test = new TestKms();
    private final KeyRef kek = test.backupKek();
    private final EncryptionContext ctx = EncryptionContext.of("t", "1");

    @AfterEach
    void close() {
        test.close();
    }

    private Envelope cached(DekCacheOptions.Builder options) {
        return Envelope.builder(test.kms).kek(kek).dekCache(options.build()).build();
    }

    private static DekCacheOptions.Builder minutes() {
        return DekCacheOptions.builder().maxAge(Duration.ofMinutes(5));
    }

    @Test
    void isOffByDefault() {
        Envelope envelope = Envelope.builder(test.kms).kek(kek).build();
        envelope.encrypt(new byte[1], ctx);
        envelope.encrypt(new byte[1], ctx);
        assertThat(test.backup.createDeks.get()).isEqualTo(2);
        assertThat(envelope.cacheStats()).isEqualTo(new CacheStats(0, 0, 0, 0, 0, 0));
    }

    @Test
    void reusesTheDataKeyAndHeaderWithinLimits() {
        Envelope envelope = cached(minutes());
        byte[] a = envelope.encrypt(new byte[] {1}, ctx);
        byte[] b = envelope.encrypt(new byte[] {2}, ctx);
        assertThat(test.backup.createDeks.get()).isEqualTo(1);
        assertThat(EnvelopeHeader.parse(a).wrappedKeys()).isEqualTo(EnvelopeHeader.parse(b).wrappedKeys());
        assertThat(envelope.cacheStats().encryptHits()).isEqualTo(1);
        assertThat(envelope.cacheStats().encryptMisses()).isEqualTo(1);
        assertThat(envelope.decrypt(b, ctx)).containsExactly(2);
    }

    @Test
    void keysTheEncryptionCacheOnTheContext() {
        Envelope envelope = cached(minutes());
        envelope.encrypt(new byte[1], ctx);
        envelope.encrypt(new byte[1], EncryptionContext.of("t", "2"));
        assertThat(test.backup.createDeks.get()).isEqualTo(2);
    }

    @Test
    void maxMessagesStartsANewDataKey() {
        Envelope envelope = cached(minutes().maxMessages(2));
        for (int i = 0; i < 5; i++) {
            envelope.encrypt(new byte[1], ctx);
        }
        assertThat(test.backup.createDeks.get()).isEqualTo(3);
        assertThat(envelope.cacheStats().encryptEvictions()).isEqualTo(2);
    }

    @Test
    void maxBytesStartsANewDataKey() {
        Envelope envelope = cached(minutes().maxBytes(100));
        envelope.encrypt(new byte[60], ctx);
        envelope.encrypt(new byte[30], ctx);
        envelope.encrypt(new byte[30], ctx);
        assertThat(test.backup.createDeks.get()).isEqualTo(2);
    }

    @Test
    void messagesLargerThanMaxBytesBypassTheCache() {
        Envelope envelope = cached(minutes().maxBytes(10));
        envelope.encrypt(new byte[11], ctx);
        envelope.encrypt(new byte[11], ctx);
        assertThat(test.backup.createDeks.get()).isEqualTo(2);
    }

    @Test
    void maxMessagesIsCappedAtTwoToThe32() {
        assertThat(minutes().maxMessages(Long.MAX_VALUE).build().maxMessages()).isEqualTo(1L << 32);
    }

    @Test
    void maxAgeIsRequired() {
        fails(KmsErrorCode.INVALID_ARGUMENT, () -> DekCacheOptions.builder().maxMessages(10).build());
        fails(KmsErrorCode.INVALID_ARGUMENT, () -> DekCacheOptions.builder().maxAge(Duration.ZERO));
    }

    @Test
    void decryptionCacheSkipsTheKmsForARepeatedWrappedKey() {
        Envelope writer = Envelope.builder(test.kms).kek(kek).build();
        byte[] ct = writer.encrypt(new byte[] {9}, ctx);
        Envelope reader = cached(minutes());
        reader.decrypt(ct, ctx);
        reader.decrypt(ct, ctx);
        reader.decrypt(ct, ctx);
        assertThat(test.backup.unwraps.get()).isEqualTo(1);
        assertThat(reader.cacheStats().decryptHits()).isEqualTo(2);
        assertThat(reader.cacheStats().decryptMisses()).isEqualTo(1);
    }

    @Test
    void decryptionCacheStillChecksTheContext() {
        Envelope writer = Envelope.builder(test.kms).kek(kek).build();
        byte[] ct = writer.encrypt(new byte[] {9}, ctx);
        Envelope reader = cached(minutes());
        reader.decrypt(ct, ctx);
        fails(KmsErrorCode.INTEGRITY, () -> reader.decrypt(ct, EncryptionContext.of("t", "2")));
    }

    @Test
    void decryptionCacheStillChecksTheHeaderTag() {
        Envelope envelope = cached(minutes());
        byte[] ct = envelope.encrypt(new byte[] {9}, ctx);
        envelope.decrypt(ct, ctx);
        byte[] bad = ct.clone();
        bad[EnvelopeHeader.parse(ct).length() - 1] ^= 1;
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(bad, ctx));
    }

    @Test
    void decryptionCacheHonoursMaxEntries() {
        Envelope writer = Envelope.builder(test.kms).kek(kek).build();
        Envelope reader = cached(minutes().maxEntries(2));
        for (int i = 0; i < 4; i++) {
            reader.decrypt(writer.encrypt(new byte[1], ctx), ctx);
        }
        assertThat(reader.cacheStats().decryptEvictions()).isEqualTo(2);
    }

    @Test
    void closeEvictsEverything() {
        Envelope envelope = cached(minutes());
        envelope.decrypt(envelope.encrypt(new byte[1], ctx), ctx);
        envelope.close();
        assertThat(envelope.cacheStats().encryptEvictions()).isEqualTo(1);
        assertThat(envelope.cacheStats().decryptEvictions()).isEqualTo(1);
    }
}
