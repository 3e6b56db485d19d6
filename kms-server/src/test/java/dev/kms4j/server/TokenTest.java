package dev.kms4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kms4j.CallerContext;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.server.auth.AuthSettings;
import dev.kms4j.server.auth.ClientRecord;
import dev.kms4j.server.auth.ClientRegistry;
import dev.kms4j.server.auth.SecretHash;
import dev.kms4j.server.auth.ServerPrincipal;
import dev.kms4j.server.auth.TokenIssuer;
import dev.kms4j.server.auth.TokenVerifier;
import dev.kms4j.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenTest {
    private final KmsManager kms = TestKms.create();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T20:00:00Z"));
    private final AuthSettings settings = AuthSettings.builder(TestKms.TOKEN_KEY).tokenTtl(Duration.ofMinutes(15)).build();
    private final ClientRecord client = ClientRecord.builder("billing",
            SecretHash.parse(SecretHash.bcrypt("s3cret".toCharArray(), 4))).roles("signer").build();
    private final ClientRegistry clients = ClientRegistry.of(List.of(client));
    private final TokenIssuer issuer = new TokenIssuer(kms, settings, clock);
    private final TokenVerifier verifier = new TokenVerifier(kms, settings, clients, clock);

    @AfterEach
    void close() {
        kms.close();
    }

    @Test
    void aFreshTokenVerifiesForItsClient() {
        String token = issuer.issue(client).token();

        assertThat(verifier.verify(token)).get().extracting(t -> t.clientId()).isEqualTo("billing");
    }

    @Test
    void anExpiredTokenIsRejected() {
        String token = issuer.issue(client).token();
        clock.advance(Duration.ofMinutes(16));

        assertThat(verifier.verify(token)).isEmpty();
    }

    @Test
    void aTokenJustPastExpiryIsAcceptedWithinTheClockSkew() {
        String token = issuer.issue(client).token();
        clock.advance(Duration.ofMinutes(15).plusSeconds(10));

        assertThat(verifier.verify(token)).isPresent();
    }

    @Test
    void aTokenForAnotherAudienceIsRejected() {
        AuthSettings other = AuthSettings.builder(TestKms.TOKEN_KEY).audience("someone-else").build();
        String token = new TokenIssuer(kms, other, clock).issue(client).token();

        assertThat(verifier.verify(token)).isEmpty();
    }

    @Test
    void aTokenFromAnotherIssuerIsRejected() {
        AuthSettings other = AuthSettings.builder(TestKms.TOKEN_KEY).issuer("evil").build();
        String token = new TokenIssuer(kms, other, clock).issue(client).token();

        assertThat(verifier.verify(token)).isEmpty();
    }

    @Test
    void aTokenSignedByAnotherKeyIsRejected() throws Exception {
        String kid = issuerKid(issuer.issue(client).token());
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(),
                new JWTClaimsSet.Builder().issuer("kms4j").audience("kms4j").subject("billing")
                        .issueTime(Date.from(clock.instant())).expirationTime(Date.from(clock.instant().plusSeconds(600)))
                        .jwtID("x").build());
        forged.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));

        assertThat(verifier.verify(forged.serialize())).isEmpty();
    }

    @Test
    void aTokenWithAChangedSubjectIsRejected() {
        String[] parts = issuer.issue(client).token().split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"billing\"", "\"admin1\"");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(verifier.verify(tampered)).isEmpty();
    }

    @Test
    void anUnsignedTokenIsRejected() {
        String[] parts = issuer.issue(client).token().split("\\.");
        String none = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"kid\":\"1\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(verifier.verify(none + "." + parts[1] + ".")).isEmpty();
    }

    @Test
    void tokensIssuedBeforeARevocationAreRejected() {
        String token = issuer.issue(client).token();
        clock.advance(Duration.ofSeconds(5));
        clients.revokeTokensIssuedBefore("billing", clock.instant());

        assertThat(verifier.verify(token)).isEmpty();
    }

    @Test
    void aTokenAlreadyVerifiedOnceIsStillRejectedOnceExpired() {
        String token = issuer.issue(client).token();
        assertThat(verifier.verify(token)).isPresent();
        clock.advance(Duration.ofMinutes(16));

        assertThat(verifier.verify(token)).isEmpty();
    }

    @Test
    void aTokenAlreadyVerifiedOnceIsRejectedAfterARevocation() {
        String token = issuer.issue(client).token();
        assertThat(verifier.verify(token)).isPresent();
        clock.advance(Duration.ofSeconds(5));
        clients.revokeTokensIssuedBefore("billing", clock.instant());

        assertThat(verifier.verify(token)).isEmpty();
    }

    @Test
    void aTokenAlreadyVerifiedOnceIsRejectedWhenItsClientIsDisabled() {
        String token = issuer.issue(client).token();
        assertThat(verifier.verify(token)).isPresent();
        clients.disable("billing");

        assertThat(verifier.verify(token)).isEmpty();
    }

    @Test
    void aTokenDifferingByOneCharacterFromAVerifiedOneIsRejected() {
        String token = issuer.issue(client).token();
        assertThat(verifier.verify(token)).isPresent();
        // A character inside the signature (not its last one, whose low bits may be padding).
        int at = token.lastIndexOf('.') + 10;
        char c = token.charAt(at);
        String altered = token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);

        assertThat(verifier.verify(altered)).isEmpty();
    }

    @Test
    void tokensIssuedAfterARevocationAreAccepted() {
        clients.revokeTokensIssuedBefore("billing", clock.instant());
        clock.advance(Duration.ofSeconds(5));
        String token = issuer.issue(client).token();

        assertThat(verifier.verify(token)).isPresent();
    }

    @Test
    void aDisabledClientsTokensAreRejected() {
        String token = issuer.issue(client).token();
        clients.disable("billing");

        assertThat(verifier.verify(token)).isEmpty();
    }

    @Test
    void tokensSignedBeforeATokenKeyRotationStillVerify() {
        String before = issuer.issue(client).token();
        try (CallerContext.Scope s = CallerContext.open(ServerPrincipal.CALLER)) {
            kms.rotate(TestKms.TOKEN_KEY);
        }
        String after = issuer.issue(client).token();

        assertThat(issuerKid(after)).isNotEqualTo(issuerKid(before));
        assertThat(verifier.verify(before)).isPresent();
        assertThat(verifier.verify(after)).isPresent();
    }

    @Test
    void noClientMaySignWithTheTokenKeyEvenWithAnAllowAllRole() {
        try (CallerContext.Scope s = CallerContext.open(dev.kms4j.Caller.builder("root").roles("admin").build())) {
            assertThatThrownBy(() -> kms.sign(TestKms.TOKEN_KEY, SignatureAlgorithm.ECDSA_SHA256, new byte[] {1}))
                    .isInstanceOfSatisfying(KmsException.class,
                            e -> assertThat(e.code()).isEqualTo(KmsErrorCode.PERMISSION_DENIED));
        }
    }

    @Test
    void aKidRefusedBeforeARotationIsAcceptedOnceThatVersionExists() {
        String before = issuer.issue(client).token();
        String next = String.valueOf(Integer.parseInt(issuerKid(before)) + 1);
        String[] parts = before.split("\\.");
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"kid\":\"" + next + "\",\"typ\":\"JWT\",\"alg\":\"ES256\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(header + "." + parts[1] + "." + parts[2])).isEmpty();
        try (CallerContext.Scope s = CallerContext.open(ServerPrincipal.CALLER)) {
            kms.rotate(TestKms.TOKEN_KEY);
        }
        clock.advance(Duration.ofMinutes(1));

        String after = issuer.issue(client).token();

        assertThat(issuerKid(after)).isEqualTo(next);
        assertThat(verifier.verify(after)).isPresent();
    }

    @Test
    void theIssuedTokenDoesNotAppearInItsToString() {
        var issued = issuer.issue(client);

        assertThat(issued.toString()).doesNotContain(issued.token());
    }

    private static String issuerKid(String token) {
        try {
            return SignedJWT.parse(token).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
