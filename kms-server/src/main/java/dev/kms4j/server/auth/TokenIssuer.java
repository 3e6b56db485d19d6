package dev.kms4j.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kms4j.CallerContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.UUID;

/**
 * Issues access tokens: JWTs (iss, aud, sub = client id, iat, exp, jti, roles) signed by the
 * current version of the token key in the server's own KMS, with that version as {@code kid} so
 * that tokens signed before a rotation of the token key keep verifying until they expire.
 *
 * <p>Thread-safe. Tokens are secret and never logged.
 */
public final class TokenIssuer {
    private final KmsManager kms;
    private final AuthSettings settings;
    private final Clock clock;

    /** An issuer signing with {@code settings.tokenKey()} in {@code kms}. */
    public TokenIssuer(KmsManager kms, AuthSettings settings, Clock clock) {
        this.kms = kms;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Issues a token for {@code client}.
     *
     * @throws KmsException {@link KmsErrorCode#INTERNAL} or the KMS's own error if signing fails
     */
    public IssuedToken issue(ClientRecord client) {
        KeyMetadata md;
        try (CallerContext.Scope s = CallerContext.open(ServerPrincipal.CALLER)) {
            md = kms.metadata(settings.tokenKey());
        }
        TokenAlgorithms alg = TokenAlgorithms.forSpec(md.spec());
        String version = md.currentVersion().orElseThrow(() -> new KmsException(KmsErrorCode.UNSUPPORTED,
                "auth.token-key: the token key's provider has no key versions"));
        KeyRef signingVersion = settings.tokenKey().withVersion(version);
        // Whole seconds: JWT NumericDate has no finer unit, and revocation compares against iat.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(client.id())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.tokenTtl())))
                .jwtID(UUID.randomUUID().toString())
                .claim(TokenVerifier.ROLES_CLAIM, new ArrayList<>(client.roles()))
                .build();
        JWSHeader header = new JWSHeader.Builder(alg.jws).type(JOSEObjectType.JWT).keyID(version).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new KmsJwsSigner(kms, signingVersion, alg));
        } catch (JOSEException e) {
            if (e.getCause() instanceof KmsException) {
                throw (KmsException) e.getCause();
            }
            throw new KmsException(KmsErrorCode.INTERNAL, "token signing failed", e);
        }
        return new IssuedToken(jwt.serialize(), settings.tokenTtl());
    }
}
