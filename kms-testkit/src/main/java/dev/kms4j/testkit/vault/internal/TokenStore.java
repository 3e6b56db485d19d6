package dev.kms4j.testkit.vault.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake's tokens: the root token (never expires, every path), extra tokens limited to path
 * prefixes, and tokens issued by AppRole login with a TTL, renewable up to a maximum TTL.
 *
 * <p><strong>Secret:</strong> the tokens and the AppRole secret ids; never logged or printed.
 * Thread-safe.
 */
public final class TokenStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One token's record. Immutable; renewal replaces it. */
    public static final class TokenInfo {
        final String token;
        final List<String> allowedPrefixes;
        final Instant issuedAt;
        final Instant expiresAt;
        final Instant maxExpiresAt;
        final Duration ttl;
        final boolean renewable;
        final String roleName;

        TokenInfo(String token, List<String> allowedPrefixes, Instant issuedAt, Instant expiresAt,
                  Instant maxExpiresAt, Duration ttl, boolean renewable, String roleName) {
            this.token = token;
            this.allowedPrefixes = allowedPrefixes;
            this.issuedAt = issuedAt;
            this.expiresAt = expiresAt;
            this.maxExpiresAt = maxExpiresAt;
            this.ttl = ttl;
            this.renewable = renewable;
            this.roleName = roleName;
        }

        /** Whether this token may call {@code path} (relative to /v1/, without namespace). */
        boolean allows(String path) {
            return allowedPrefixes == null || allowedPrefixes.stream().anyMatch(path::startsWith)
                    || path.startsWith("auth/token/");
        }

        @Override
        public String toString() {
            return "TokenInfo[redacted]";
        }
    }

    private final Clock clock;
    private final Map<String, TokenInfo> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> appRoles;
    private final Duration tokenTtl;
    private final Duration tokenMaxTtl;

    public TokenStore(Clock clock, String rootToken, Map<String, List<String>> limitedTokens,
                      Map<String, String> appRoles, Duration tokenTtl, Duration tokenMaxTtl) {
        this.clock = clock;
        this.appRoles = Map.copyOf(appRoles);
        this.tokenTtl = tokenTtl;
        this.tokenMaxTtl = tokenMaxTtl;
        Instant now = clock.instant();
        tokens.put(rootToken, new TokenInfo(rootToken, null, now, null, null, Duration.ZERO, false, null));
        limitedTokens.forEach((t, prefixes) ->
                tokens.put(t, new TokenInfo(t, List.copyOf(prefixes), now, null, null, Duration.ZERO, false, null)));
    }

    /** The live token, or {@code null} if it is unknown or expired. */
    public TokenInfo lookup(String token) {
        if (token == null) {
            return null;
        }
        TokenInfo info = tokens.get(token);
        if (info == null) {
            return null;
        }
        if (info.expiresAt != null && !clock.instant().isBefore(info.expiresAt)) {
            tokens.remove(token, info);
            return null;
        }
        return info;
    }

    /** AppRole login; {@code null} for a wrong role id or secret id. */
    public TokenInfo login(String roleId, String secretId) {
        String expected = roleId == null ? null : appRoles.get(roleId);
        if (expected == null || secretId == null
                || !java.security.MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                secretId.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return null;
        }
        byte[] raw = new byte[18];
        RANDOM.nextBytes(raw);
        String token = "hvs." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        TokenInfo info = new TokenInfo(token, null, now, now.plus(tokenTtl), now.plus(tokenMaxTtl), tokenTtl, true, "kms4j");
        tokens.put(token, info);
        return info;
    }

    /** Extends a renewable token by {@code increment} (or its TTL), capped at its maximum TTL. */
    public TokenInfo renew(TokenInfo info, Duration increment) {
        if (!info.renewable) {
            throw VaultError.badRequest("lease is not renewable");
        }
        Duration ttl = increment == null || increment.isZero() ? info.ttl : increment;
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        if (expires.isAfter(info.maxExpiresAt)) {
            expires = info.maxExpiresAt;
        }
        TokenInfo renewed = new TokenInfo(info.token, info.allowedPrefixes, info.issuedAt, expires, info.maxExpiresAt,
                info.ttl, true, info.roleName);
        tokens.put(info.token, renewed);
        return renewed;
    }

    /** Seconds left, 0 for tokens that do not expire. */
    public long ttlSeconds(TokenInfo info) {
        if (info.expiresAt == null) {
            return 0;
        }
        return Math.max(0, Duration.between(clock.instant(), info.expiresAt).getSeconds());
    }

    public boolean isRoot(TokenInfo info) {
        return info.expiresAt == null && info.allowedPrefixes == null;
    }

    /** Drops every issued token (login tokens); the configured ones stay. */
    public void revokeIssued() {
        tokens.values().removeIf(t -> t.expiresAt != null);
    }

    String tokenOf(TokenInfo info) {
        return Objects.requireNonNull(info).token;
    }

    @Override
    public String toString() {
        return "TokenStore[" + tokens.size() + " tokens, redacted]";
    }
}
