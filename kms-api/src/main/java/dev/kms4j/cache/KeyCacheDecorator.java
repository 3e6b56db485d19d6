package dev.kms4j.cache;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.internal.cache.CachingKmsProvider;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.ProviderDecorator;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Caches key metadata and public keys per provider for a time to live (the seeds'
 * {@code cache_ttl}), and verifies signatures locally on a cached public key when the algorithm
 * allows (ECDSA, RSA PKCS#1 and PSS, Ed25519; never MACs). Register with
 * {@code KmsManager.builder().decorate(KeyCacheDecorator.builder().build())}.
 *
 * <p>Options here are defaults for every provider; a provider's own settings override them:
 * <ul>
 *   <li>{@code cache-ttl} (duration, e.g. {@code 5m}; {@code 0} turns caching off for that
 *       provider), default {@link Builder#defaultTtl} = 5 minutes;</li>
 *   <li>{@code cache-max-entries} (per provider, for metadata and for public keys each), default
 *       {@link Builder#maxEntries} = 10,000;</li>
 *   <li>{@code cache-remote-verify} ({@code true}: every {@code verify} goes to the provider),
 *       default {@link Builder#remoteVerify} = false.</li>
 * </ul>
 *
 * <p>Changes made through kms4j (rotate, disable, enable, scheduleDeletion, cancelDeletion,
 * setRotationPolicy, createKey) drop the key's entries at once. Changes made outside kms4j (a cloud
 * console, automatic rotation by the provider) are seen only after the TTL, or after
 * {@code KmsManager.clearCache()}: until then a key disabled elsewhere may still verify locally.
 * Pick the TTL with that in mind.
 *
 * <p>Nothing secret is cached: no plaintext, data keys, signatures or ciphertexts. Immutable and
 * thread-safe.
 */
public final class KeyCacheDecorator implements ProviderDecorator {
    /** Provider setting: time to live. */
    public static final String TTL_SETTING = "cache-ttl";
    /** Provider setting: bound on entries. */
    public static final String MAX_ENTRIES_SETTING = "cache-max-entries";
    /** Provider setting: force remote verification. */
    public static final String REMOTE_VERIFY_SETTING = "cache-remote-verify";

    private final Duration defaultTtl;
    private final int maxEntries;
    private final boolean remoteVerify;
    private final Clock clock;

    private KeyCacheDecorator(Builder b) {
        this.defaultTtl = b.defaultTtl;
        this.maxEntries = b.maxEntries;
        this.remoteVerify = b.remoteVerify;
        this.clock = b.clock;
    }

    /** Starts a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Stage stage() {
        return Stage.CACHE;
    }

    /**
     * Wraps {@code provider}, or returns it unchanged when its {@code cache-ttl} is 0.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} for a malformed setting
     */
    @Override
    public KmsProvider decorate(KmsProvider provider, ProviderConfig config) {
        Duration ttl = config.getDuration(TTL_SETTING).orElse(defaultTtl);
        if (ttl.isZero()) {
            return provider;
        }
        int max = config.getInt(MAX_ENTRIES_SETTING).orElse(maxEntries);
        if (max < 1) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "provider setting '" + MAX_ENTRIES_SETTING + "' of " + provider.scheme() + " must be at least 1");
        }
        boolean remote = config.getBoolean(REMOTE_VERIFY_SETTING, remoteVerify);
        return new CachingKmsProvider(provider, clock, ttl, max, remote);
    }

    @Override
    public String toString() {
        return "KeyCacheDecorator[ttl=" + defaultTtl + ", maxEntries=" + maxEntries + ", remoteVerify=" + remoteVerify + "]";
    }

    /** Builds a {@link KeyCacheDecorator}; bad values fail when set. Not thread-safe. */
    public static final class Builder {
        private Duration defaultTtl = Duration.ofMinutes(5);
        private int maxEntries = 10_000;
        private boolean remoteVerify;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Time to live for providers without a {@code cache-ttl} setting (default 5 minutes; 0 = off). */
        public Builder defaultTtl(Duration ttl) {
            if (ttl == null || ttl.isNegative()) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "cache TTL must be zero or positive");
            }
            this.defaultTtl = ttl;
            return this;
        }

        /** Entries per provider and kind, for providers without {@code cache-max-entries} (default 10,000). */
        public Builder maxEntries(int maxEntries) {
            if (maxEntries < 1) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "cache max entries must be at least 1");
            }
            this.maxEntries = maxEntries;
            return this;
        }

        /** {@code true}: never verify locally, always ask the provider (default false). */
        public Builder remoteVerify(boolean remoteVerify) {
            this.remoteVerify = remoteVerify;
            return this;
        }

        /** The clock that ages entries (default: the system clock); for tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the decorator. */
        public KeyCacheDecorator build() {
            return new KeyCacheDecorator(this);
        }
    }
}
