package dev.kms4j.server.auth;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the server issues and checks access tokens: the kms4j key that signs them (a key in the
 * server's own KMS, EC P-256/P-384/P-521 or RSA), their lifetime, issuer and audience, and the
 * clock skew allowed when checking expiry.
 *
 * <p>Immutable and thread-safe. Nothing here is secret (the key is only named).
 */
public final class AuthSettings {
    /** Default token lifetime: 15 minutes. */
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(15);
    /** Default allowed clock skew: 30 seconds. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    /**
     * Default limit on {@code Authenticate} attempts for the whole server: 20 a second. Each attempt
     * costs a bcrypt or Argon2 computation, so without a limit a flood of attempts is both a
     * password-guessing channel and a way to take the server's CPU.
     */
    public static final ClientRecord.RateLimit DEFAULT_AUTHENTICATE_LIMIT =
            new ClientRecord.RateLimit(20, Duration.ofSeconds(1));

    private final KeyRef tokenKey;
    private final Duration tokenTtl;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final ClientRecord.RateLimit authenticateLimit;

    private AuthSettings(Builder b) {
        if (b.tokenKey == null) {
            throw invalid("auth.token-key: a token-signing key URI is required");
        }
        if (b.tokenKey.hasVersion()) {
            throw invalid("auth.token-key: name the key without a version (tokens are signed with the current version)");
        }
        String uri = b.tokenKey.toUri();
        if (uri.indexOf('*') >= 0 || uri.indexOf('?') >= 0) {
            throw invalid("auth.token-key: the key URI must not contain '*' or '?'");
        }
        if (b.tokenTtl.isNegative() || b.tokenTtl.isZero() || b.tokenTtl.compareTo(Duration.ofHours(24)) > 0) {
            throw invalid("auth.token-ttl: must be positive and at most 24h");
        }
        if (b.clockSkew.isNegative() || b.clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw invalid("auth.clock-skew: must be between 0 and 5m");
        }
        if (b.issuer == null || b.issuer.isBlank()) {
            throw invalid("auth.issuer: must not be empty");
        }
        if (b.audience == null || b.audience.isBlank()) {
            throw invalid("auth.audience: must not be empty");
        }
        this.tokenKey = b.tokenKey;
        this.tokenTtl = b.tokenTtl;
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.clockSkew = b.clockSkew;
        this.authenticateLimit = Objects.requireNonNull(b.authenticateLimit, "authenticateLimit");
    }

    /** How many {@code Authenticate} attempts the server answers per period, from all callers together. */
    public ClientRecord.RateLimit authenticateLimit() {
        return authenticateLimit;
    }

    /** Starts a builder for tokens signed by {@code tokenKey}. */
    public static Builder builder(KeyRef tokenKey) {
        return new Builder(tokenKey);
    }

    public KeyRef tokenKey() {
        return tokenKey;
    }

    public Duration tokenTtl() {
        return tokenTtl;
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    private static KmsException invalid(String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
    }

    @Override
    public String toString() {
        return "AuthSettings[key=" + tokenKey + ", ttl=" + tokenTtl + ", iss=" + issuer + ", aud=" + audience + "]";
    }

    /** Builds {@link AuthSettings}; invalid values fail at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final KeyRef tokenKey;
        private Duration tokenTtl = DEFAULT_TOKEN_TTL;
        private String issuer = "kms4j";
        private String audience = "kms4j";
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private ClientRecord.RateLimit authenticateLimit = DEFAULT_AUTHENTICATE_LIMIT;

        private Builder(KeyRef tokenKey) {
            this.tokenKey = tokenKey;
        }

        public Builder tokenTtl(Duration value) {
            this.tokenTtl = Objects.requireNonNull(value);
            return this;
        }

        public Builder issuer(String value) {
            this.issuer = value;
            return this;
        }

        public Builder audience(String value) {
            this.audience = value;
            return this;
        }

        public Builder clockSkew(Duration value) {
            this.clockSkew = Objects.requireNonNull(value);
            return this;
        }

        /** The server-wide limit on {@code Authenticate} attempts (default 20 a second). */
        public Builder authenticateLimit(ClientRecord.RateLimit value) {
            this.authenticateLimit = Objects.requireNonNull(value);
            return this;
        }

        public AuthSettings build() {
            return new AuthSettings(this);
        }
    }
}
