package dev.kms4j.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kms4j.CallerContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks access tokens: the JWS algorithm must be one the token key can produce, the signature must
 * verify with the public key of the version named by {@code kid} (fetched from the KMS once and
 * cached), {@code iss} and {@code aud} must match, {@code exp} must be in the future and
 * {@code iat} not in the future (both with the configured clock skew), and the client must exist,
 * be enabled and not have its tokens revoked since {@code iat}.
 *
 * <p>Every failure is the same empty answer: callers learn nothing about which check failed. The
 * reason is logged at DEBUG without the token.
 *
 * <p>Thread-safe.
 */
public final class TokenVerifier {
    /** The claim holding the client's roles at issue time (informational: the registry is authoritative). */
    public static final String ROLES_CLAIM = "roles";

    private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int MAX_TOKEN_LENGTH = 8192;
    private static final int MAX_CACHED_VERSIONS = 64;
    private static final int MAX_VERIFIED_TOKENS = 10_000;
    private static final int MAX_UNKNOWN_VERSIONS = 1024;
    private static final java.time.Duration UNKNOWN_VERSION_TTL = java.time.Duration.ofSeconds(30);
    private static final java.util.Set<com.nimbusds.jose.JWSAlgorithm> ALLOWED_ALGORITHMS = java.util.Set.of(
            com.nimbusds.jose.JWSAlgorithm.ES256, com.nimbusds.jose.JWSAlgorithm.ES384,
            com.nimbusds.jose.JWSAlgorithm.ES512, com.nimbusds.jose.JWSAlgorithm.RS256);

    private final KmsManager kms;
    private final AuthSettings settings;
    private final ClientRegistry clients;
    private final Clock clock;
    private final Map<String, JWSVerifier> verifiers = new ConcurrentHashMap<>();
    /** Tokens whose signature and fixed claims verified, by digest; emptied when full. */
    private final Map<TokenDigest, VerifiedToken> verified = new ConcurrentHashMap<>();
    /**
     * Versions the KMS did not know, and until when to believe that: without it every token with a
     * made-up kid would cost a KMS call and an audit record. Short-lived, because a kid refused
     * now may name the next version after a rotation.
     */
    private final Map<String, Instant> unknownVersions = new ConcurrentHashMap<>();

    public TokenVerifier(KmsManager kms, AuthSettings settings, ClientRegistry clients, Clock clock) {
        this.kms = kms;
        this.settings = settings;
        this.clients = clients;
        this.clock = clock;
    }

    /** The token's facts if every check passes; empty otherwise. */
    public Optional<VerifiedToken> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return reject("missing or oversized token");
        }
        // A token whose signature already verified is not verified again: an ECDSA verification
        // costs about a millisecond on JDK 17, more than the call it guards. Keyed by the token's
        // SHA-256, so only the very same token string hits; expiry, the client's state and its
        // revocation are still checked on every call.
        TokenDigest digest = TokenDigest.of(token);
        VerifiedToken seen = verified.get(digest);
        if (seen != null) {
            return stillValid(seen.clientId(), seen.issuedAt(), seen.expiresAt(), clock.instant());
        }
        Optional<VerifiedToken> result = verifyFully(token);
        if (result.isPresent()) {
            if (verified.size() >= MAX_VERIFIED_TOKENS) {
                verified.clear();
            }
            verified.put(digest, result.get());
        }
        return result;
    }

    private Optional<VerifiedToken> verifyFully(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return reject("malformed token");
        }
        JWSHeader header = jwt.getHeader();
        String kid = header.getKeyID();
        if (kid == null || !KID.matcher(kid).matches()) {
            return reject("no usable kid");
        }
        if (!ALLOWED_ALGORITHMS.contains(header.getAlgorithm())) {
            return reject("algorithm not allowed");
        }
        JWSVerifier verifier = verifierFor(kid);
        if (verifier == null || !verifier.supportedJWSAlgorithms().contains(header.getAlgorithm())) {
            return reject("unknown key version or algorithm");
        }
        try {
            if (!jwt.verify(verifier)) {
                return reject("bad signature");
            }
        } catch (JOSEException | IllegalStateException e) {
            return reject("signature check failed");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        String sub = claims.getSubject();
        if (!settings.issuer().equals(claims.getIssuer())) {
            return reject("wrong issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(settings.audience())) {
            return reject("wrong audience");
        }
        if (exp == null || iat == null || sub == null || claims.getJWTID() == null) {
            return reject("missing claim");
        }
        if (iat.toInstant().isAfter(now.plus(settings.clockSkew()))) {
            return reject("issued in the future");
        }
        return stillValid(sub, iat.toInstant(), exp.toInstant(), now);
    }

    /** The checks that can change while a token lives: expiry, the client's existence and state, revocation. */
    private Optional<VerifiedToken> stillValid(String sub, Instant iat, Instant exp, Instant now) {
        if (!now.isBefore(exp.plus(settings.clockSkew()))) {
            return reject("expired");
        }
        Optional<ClientRecord> client = clients.find(sub);
        if (client.isEmpty() || !client.get().enabled()) {
            return reject("unknown or disabled client");
        }
        Optional<Instant> notBefore = client.get().tokensNotBefore();
        if (notBefore.isPresent() && iat.isBefore(notBefore.get())) {
            return reject("revoked");
        }
        return Optional.of(new VerifiedToken(sub, iat, exp));
    }

    /** The SHA-256 of a token: the key of tokens already verified, so the cache holds no token. */
    private static final class TokenDigest {
        private final byte[] bytes;
        private final int hash;

        private TokenDigest(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        static TokenDigest of(String token) {
            try {
                return new TokenDigest(MessageDigest.getInstance("SHA-256")
                        .digest(token.getBytes(StandardCharsets.US_ASCII)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenDigest && MessageDigest.isEqual(bytes, ((TokenDigest) o).bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private JWSVerifier verifierFor(String kid) {
        JWSVerifier cached = verifiers.get(kid);
        if (cached != null) {
            return cached;
        }
        Instant now = clock.instant();
        Instant unknownUntil = unknownVersions.get(kid);
        if (unknownUntil != null && now.isBefore(unknownUntil)) {
            return null;
        }
        PublicKey key;
        try (CallerContext.Scope s = CallerContext.open(ServerPrincipal.CALLER)) {
            key = kms.getPublicKey(KeyRef.of(settings.tokenKey().scheme(), settings.tokenKey().keyId(), kid));
        } catch (KmsException e) {
            LOG.debug("token key version lookup failed: kid={} code={}", kid, e.code());
            if (e.code() == dev.kms4j.KmsErrorCode.NOT_FOUND || e.code() == dev.kms4j.KmsErrorCode.INVALID_ARGUMENT) {
                // Only a definite "no such version": an outage must not lock out valid tokens.
                if (unknownVersions.size() >= MAX_UNKNOWN_VERSIONS) {
                    unknownVersions.clear();
                }
                unknownVersions.put(kid, now.plus(UNKNOWN_VERSION_TTL));
            }
            return null;
        }
        unknownVersions.remove(kid);
        JWSVerifier verifier;
        try {
            if (key instanceof ECPublicKey) {
                verifier = new ECDSAVerifier((ECPublicKey) key);
            } else if (key instanceof RSAPublicKey) {
                verifier = new RSASSAVerifier((RSAPublicKey) key);
            } else {
                return null;
            }
        } catch (JOSEException e) {
            return null;
        }
        if (verifiers.size() >= MAX_CACHED_VERSIONS) {
            // Bounded: only real versions get here, and a clear costs one public-key fetch per version.
            verifiers.clear();
        }
        verifiers.put(kid, verifier);
        return verifier;
    }

    private static Optional<VerifiedToken> reject(String reason) {
        LOG.debug("token rejected: {}", reason);
        return Optional.empty();
    }
}
