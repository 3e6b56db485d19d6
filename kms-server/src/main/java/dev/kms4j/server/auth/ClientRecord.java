package dev.kms4j.server.auth;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One client the server knows: its id, the hash of its secret, its roles, its rate limit, whether it
 * is enabled, and the instant before which its tokens are no longer accepted.
 *
 * <p>Immutable and thread-safe. Holds no plaintext secret; {@link #toString()} leaves the hash out.
 */
public final class ClientRecord {
    /** Client ids: letters, digits, {@code . _ -}, 1 to 128 characters. Ids starting with {@code kms4j-} are reserved. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final String id;
    private final SecretHash secretHash;
    private final Set<String> roles;
    private final RateLimit rateLimit;
    private final boolean enabled;
    private final Instant tokensNotBefore;

    private ClientRecord(Builder b) {
        this.id = checkId(b.id);
        this.secretHash = Objects.requireNonNull(b.secretHash, "secret hash");
        this.roles = Collections.unmodifiableSet(new LinkedHashSet<>(b.roles));
        this.rateLimit = b.rateLimit;
        this.enabled = b.enabled;
        this.tokensNotBefore = b.tokensNotBefore;
    }

    /** Starts a builder. */
    public static Builder builder(String id, SecretHash secretHash) {
        return new Builder(id, secretHash);
    }

    /**
     * Checks a client id.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if it is malformed or reserved
     */
    public static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "a client id is 1-128 characters of letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        if (id.startsWith(ServerPrincipal.RESERVED_PREFIX)) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "client ids starting with '" + ServerPrincipal.RESERVED_PREFIX + "' are reserved for the server");
        }
        return id;
    }

    public String id() {
        return id;
    }

    public SecretHash secretHash() {
        return secretHash;
    }

    public Set<String> roles() {
        return roles;
    }

    /** The client's rate limit; empty: unlimited. */
    public Optional<RateLimit> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    public boolean enabled() {
        return enabled;
    }

    /** Tokens issued before this instant are rejected; empty: none revoked. */
    public Optional<Instant> tokensNotBefore() {
        return Optional.ofNullable(tokensNotBefore);
    }

    /** A copy with {@code enabled} changed. */
    public ClientRecord withEnabled(boolean value) {
        return toBuilder().enabled(value).build();
    }

    /** A copy with {@code tokensNotBefore} changed. */
    public ClientRecord withTokensNotBefore(Instant value) {
        return toBuilder().tokensNotBefore(value).build();
    }

    private Builder toBuilder() {
        Builder b = new Builder(id, secretHash);
        b.roles.addAll(roles);
        b.rateLimit = rateLimit;
        b.enabled = enabled;
        b.tokensNotBefore = tokensNotBefore;
        return b;
    }

    @Override
    public String toString() {
        return "Client[" + id + ", roles=" + roles + (enabled ? "" : ", disabled") + "]";
    }

    /** A per-client limit: at most {@code permits} calls per {@code period}. Immutable. */
    public static final class RateLimit {
        private final int permits;
        private final Duration period;

        /**
         * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} unless permits &gt; 0 and period &gt; 0
         */
        public RateLimit(int permits, Duration period) {
            if (permits <= 0 || period == null || period.isZero() || period.isNegative()) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "a rate limit needs permits > 0 and a positive period");
            }
            this.permits = permits;
            this.period = period;
        }

        public int permits() {
            return permits;
        }

        public Duration period() {
            return period;
        }

        @Override
        public String toString() {
            return permits + "/" + period;
        }
    }

    /** Builds a {@link ClientRecord}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final SecretHash secretHash;
        private final Set<String> roles = new LinkedHashSet<>();
        private RateLimit rateLimit;
        private boolean enabled = true;
        private Instant tokensNotBefore;

        private Builder(String id, SecretHash secretHash) {
            this.id = id;
            this.secretHash = secretHash;
        }

        public Builder roles(Set<String> value) {
            roles.addAll(value);
            return this;
        }

        public Builder roles(String... value) {
            Collections.addAll(roles, value);
            return this;
        }

        public Builder rateLimit(RateLimit value) {
            this.rateLimit = value;
            return this;
        }

        public Builder enabled(boolean value) {
            this.enabled = value;
            return this;
        }

        public Builder tokensNotBefore(Instant value) {
            this.tokensNotBefore = value;
            return this;
        }

        public ClientRecord build() {
            return new ClientRecord(this);
        }
    }
}
