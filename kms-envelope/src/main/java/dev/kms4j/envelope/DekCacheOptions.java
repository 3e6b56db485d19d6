package dev.kms4j.envelope;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the DEK cache of an {@link Envelope}. The cache is off unless these are given.
 *
 * <p>Security meaning: while a DEK is cached, every message encrypted with it shares one wrapped
 * key and one header, so (a) a compromise of that one DEK exposes all of those messages, (b)
 * revoking or rotating the KEK does not affect messages the cache keeps producing until the entry
 * expires, and (c) a payload can be moved between two messages sharing the DEK and context. The
 * limits bound all three. {@link Builder#maxAge} is required for that reason.
 *
 * <p>{@link #maxMessages()} is capped at {@link #HARD_MAX_MESSAGES} (2^32) whatever the caller
 * asks: every message uses a random 96-bit AES-GCM nonce, and NIST SP 800-38D limits a key to
 * 2^32 random-nonce invocations so that the chance of a nonce repeating (which would break GCM's
 * confidentiality and authenticity) stays below 2^-32.
 *
 * <p>Immutable and thread-safe; built by a validating {@link Builder} (not thread-safe).
 */
public final class DekCacheOptions {
    /** The most messages one cached DEK ever encrypts (random 96-bit nonces; see above). */
    public static final long HARD_MAX_MESSAGES = 1L << 32;
    /** The longest {@link #maxAge()} accepted. */
    public static final Duration MAX_AGE_LIMIT = Duration.ofDays(1);
    /** Default {@link #maxEntries()}. */
    public static final int DEFAULT_MAX_ENTRIES = 1000;

    private final Duration maxAge;
    private final long maxMessages;
    private final long maxBytes;
    private final int maxEntries;

    private DekCacheOptions(Builder b) {
        this.maxAge = b.maxAge;
        this.maxMessages = Math.min(b.maxMessages, HARD_MAX_MESSAGES);
        this.maxBytes = b.maxBytes;
        this.maxEntries = b.maxEntries;
    }

    /** Starts a builder; {@link Builder#maxAge(Duration)} must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** How long a DEK stays usable after it was created (encryption) or unwrapped (decryption). */
    public Duration maxAge() {
        return maxAge;
    }

    /** The most messages one cached DEK encrypts (at most {@link #HARD_MAX_MESSAGES}). */
    public long maxMessages() {
        return maxMessages;
    }

    /** The most plaintext bytes one cached DEK encrypts. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The most DEKs each of the two caches holds. */
    public int maxEntries() {
        return maxEntries;
    }

    @Override
    public String toString() {
        return "DekCacheOptions{maxAge=" + maxAge + ", maxMessages=" + maxMessages + ", maxBytes=" + maxBytes
                + ", maxEntries=" + maxEntries + "}";
    }

    /** Builds {@link DekCacheOptions}; invalid values fail at the setter or at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private Duration maxAge;
        private long maxMessages = HARD_MAX_MESSAGES;
        private long maxBytes = Long.MAX_VALUE;
        private int maxEntries = DEFAULT_MAX_ENTRIES;

        private Builder() {
        }

        /** Required: how long a cached DEK may be used, more than zero and at most one day. */
        public Builder maxAge(Duration maxAge) {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(MAX_AGE_LIMIT) > 0) {
                throw invalid("maxAge must be more than zero and at most " + MAX_AGE_LIMIT + ", got " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /** Messages per cached DEK, at least 1; values above 2^32 are lowered to 2^32. */
        public Builder maxMessages(long maxMessages) {
            if (maxMessages < 1) {
                throw invalid("maxMessages must be at least 1, got " + maxMessages);
            }
            this.maxMessages = maxMessages;
            return this;
        }

        /** Plaintext bytes per cached DEK, at least 1. */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes < 1) {
                throw invalid("maxBytes must be at least 1, got " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** DEKs held by each cache, at least 1 (default {@value DekCacheOptions#DEFAULT_MAX_ENTRIES}). */
        public Builder maxEntries(int maxEntries) {
            if (maxEntries < 1) {
                throw invalid("maxEntries must be at least 1, got " + maxEntries);
            }
            this.maxEntries = maxEntries;
            return this;
        }

        /**
         * Builds the options.
         *
         * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if {@link #maxAge} was not set
         */
        public DekCacheOptions build() {
            if (maxAge == null) {
                throw invalid("DEK cache needs a maxAge");
            }
            return new DekCacheOptions(this);
        }

        private static KmsException invalid(String message) {
            return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
        }
    }
}
