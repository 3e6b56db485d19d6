package dev.kms4j.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.RotationPolicy;
import dev.kms4j.testsupport.JcaTestProvider;
import dev.kms4j.testsupport.Managers;
import dev.kms4j.testsupport.MutableClock;
import dev.kms4j.testsupport.StubProvider;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyCacheDecoratorTest {
    private static final KeyRef KEY = KeyRef.parse("jca://signing");
    private static final KeyRef OTHER = KeyRef.parse("jca://other");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
    private final JcaTestProvider provider = new JcaTestProvider("jca");
    private KmsManager kms;

    private KmsManager manager(Map<String, String> settings, KeyCacheDecorator.Builder cache) {
        kms = Managers.of(provider, settings, cache.clock(clock).build());
        return kms;
    }

    private KmsManager manager() {
        return manager(Map.of(), KeyCacheDecorator.builder().defaultTtl(Duration.ofMinutes(5)));
    }

    @AfterEach
    void close() {
        if (kms != null) {
            kms.close();
        }
    }

    @Test
    void metadataIsAnsweredFromTheCacheWithinTheTtl() {
        manager().createKey(KEY, KeySpec.EC_P256);

        kms.metadata(KEY);
        clock.advance(Duration.ofMinutes(4));
        kms.metadata(KEY);

        assertThat(provider.calls("metadata")).isEqualTo(1);
    }

    @Test
    void metadataIsFetchedAgainOnceTheTtlHasPassed() {
        manager().createKey(KEY, KeySpec.EC_P256);

        kms.metadata(KEY);
        clock.advance(Duration.ofMinutes(5));
        kms.metadata(KEY);

        assertThat(provider.calls("metadata")).isEqualTo(2);
    }

    @Test
    void publicKeysAreCachedPerVersion() {
        manager().createKey(KEY, KeySpec.EC_P256);
        kms.rotate(KEY);

        PublicKey v1 = kms.getPublicKey(KEY.withVersion("1"));
        PublicKey v1again = kms.getPublicKey(KEY.withVersion("1"));
        PublicKey v2 = kms.getPublicKey(KEY.withVersion("2"));

        assertThat(v1again).isSameAs(v1);
        assertThat(v2).isNotEqualTo(v1);
        assertThat(provider.calls("getPublicKey")).isEqualTo(2);
    }

    @Test
    void theProvidersCacheTtlSettingOverridesTheDefault() {
        manager(Map.of("cache-ttl", "30s"), KeyCacheDecorator.builder().defaultTtl(Duration.ofHours(1)))
                .createKey(KEY, KeySpec.EC_P256);

        kms.metadata(KEY);
        clock.advance(Duration.ofSeconds(30));
        kms.metadata(KEY);

        assertThat(provider.calls("metadata")).isEqualTo(2);
    }

    @Test
    void aZeroTtlTurnsCachingOffForThatProvider() {
        manager(Map.of("cache-ttl", "0s"), KeyCacheDecorator.builder()).createKey(KEY, KeySpec.EC_P256);

        kms.metadata(KEY);
        kms.metadata(KEY);

        assertThat(provider.calls("metadata")).isEqualTo(2);
    }

    @Test
    void aMalformedTtlSettingFailsTheBuild() {
        assertThatThrownBy(() -> manager(Map.of("cache-ttl", "soon"), KeyCacheDecorator.builder()))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void rotatingThroughKmsForgetsTheCachedMetadata() {
        manager().createKey(KEY, KeySpec.EC_P256);
        assertThat(kms.metadata(KEY).currentVersion()).hasValue("1");

        kms.rotate(KEY);

        assertThat(kms.metadata(KEY).currentVersion()).hasValue("2");
    }

    @Test
    void disablingThroughKmsForgetsTheCachedMetadata() {
        manager().createKey(KEY, KeySpec.EC_P256);
        kms.metadata(KEY);

        kms.disable(KEY);

        assertThat(kms.metadata(KEY).state()).isEqualTo(dev.kms4j.KeyState.DISABLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rotate", "disable", "enable", "scheduleDeletion", "cancelDeletion", "setRotationPolicy",
        "disableVersion"})
    void everyStateChangeThroughKmsDropsTheKeysEntries(String change) {
        StubProvider stub = new StubProvider("stub");
        KeyRef key = KeyRef.parse("stub://k");
        Map<String, Consumer<KmsManager>> changes = Map.of(
                "rotate", m -> m.rotate(key),
                "disable", m -> m.disable(key),
                "enable", m -> m.enable(key),
                "scheduleDeletion", m -> m.scheduleDeletion(key, Duration.ofDays(7)),
                "cancelDeletion", m -> m.cancelDeletion(key),
                "setRotationPolicy", m -> m.setRotationPolicy(key, RotationPolicy.manual()),
                "disableVersion", m -> m.disable(key.withVersion("1")));
        kms = Managers.of(stub, KeyCacheDecorator.builder().clock(clock).build());
        kms.metadata(key);

        changes.get(change).accept(kms);
        kms.metadata(key);

        assertThat(stub.calls.stream().filter(c -> c.startsWith("metadata"))).hasSize(2);
    }

    @Test
    void aFailedStateChangeStillDropsTheEntries() {
        StubProvider stub = new StubProvider("stub");
        KeyRef key = KeyRef.parse("stub://k");
        kms = Managers.of(stub, KeyCacheDecorator.builder().clock(clock).build());
        kms.metadata(key);

        stub.failWith = new KmsException(KmsErrorCode.UNAVAILABLE, "timed out after sending");
        catchThrowable(() -> kms.disable(key));
        stub.failWith = null;
        kms.metadata(key);

        assertThat(stub.calls.stream().filter(c -> c.startsWith("metadata"))).hasSize(2);
    }

    @Test
    void clearCacheForgetsEveryKey() {
        manager().createKey(KEY, KeySpec.EC_P256);
        kms.createKey(OTHER, KeySpec.EC_P256);
        kms.metadata(KEY);
        kms.metadata(OTHER);

        kms.clearCache();
        kms.metadata(KEY);
        kms.metadata(OTHER);

        assertThat(provider.calls("metadata")).isEqualTo(4);
    }

    @Test
    void clearCacheOfOneKeyKeepsTheOthers() {
        manager().createKey(KEY, KeySpec.EC_P256);
        kms.createKey(OTHER, KeySpec.EC_P256);
        kms.metadata(KEY);
        kms.metadata(OTHER);

        kms.clearCache(KEY.withVersion("1"));
        kms.metadata(KEY);
        kms.metadata(OTHER);

        assertThat(provider.calls("metadata")).isEqualTo(3);
    }

    @Test
    void clearCacheWithoutACacheDecoratorDoesNothing() {
        try (KmsManager plain = Managers.of(new StubProvider("stub"))) {
            plain.clearCache();
            plain.clearCache(KeyRef.parse("stub://k"));
        }
    }

    @Test
    void clearCacheOnAClosedManagerIsRefused() {
        KmsManager closed = Managers.of(new StubProvider("stub"), KeyCacheDecorator.builder().build());
        closed.close();

        assertThatThrownBy(closed::clearCache).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clearCacheOfANullKeyIsInvalidArgument() {
        manager();

        assertThatThrownBy(() -> kms.clearCache(null)).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void secretResultsAreNeverCached() {
        KeyRef kek = KeyRef.parse("jca://kek");
        manager().createKey(kek, KeySpec.AES_256);
        EncryptionContext ctx = EncryptionContext.empty();
        byte[] ct = kms.encrypt(kek, new byte[] {1, 2, 3}, ctx);

        kms.decrypt(kek, ct, ctx);
        kms.decrypt(kek, ct, ctx);
        kms.createDek(kek, DekSpec.AES_256, ctx).close();
        kms.createDek(kek, DekSpec.AES_256, ctx).close();

        assertThat(provider.calls("decrypt")).isEqualTo(2);
        assertThat(provider.calls("createDek")).isEqualTo(2);
    }
}
