package dev.kms4j.server.auth;

import dev.kms4j.KmsException;
import dev.kms4j.remote.protocol.v1.AuthenticateRequest;
import dev.kms4j.remote.protocol.v1.AuthenticateResponse;
import dev.kms4j.remote.protocol.v1.AuthenticationGrpc;
import dev.kms4j.server.tls.PeerCertificates;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Authentication/Authenticate}: exchanges a client id and secret for an access token.
 *
 * <p>An unknown id, a disabled client, a wrong secret and (with CN binding on) a client certificate
 * whose CN is not the client id all get the same {@code UNAUTHENTICATED} answer after the same hash
 * work. The secret is never logged; the client id is logged only when it is a configured one.
 * Attempts from all callers together are limited ({@code auth.authenticate-rate-limit}); beyond
 * the limit they get {@code RESOURCE_EXHAUSTED} ({@code THROTTLED}) at once, without hash work.
 *
 * <p>Thread-safe.
 */
public final class AuthenticationService extends AuthenticationGrpc.AuthenticationImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationService.class);
    private static final int MAX_SECRET_LENGTH = 1024;

    private final ClientRegistry clients;
    private final TokenIssuer issuer;
    private final boolean bindCommonNameToClientId;
    /** One limiter for every caller: attempts are refused before any hash work once it is spent. */
    private final RateLimiter attempts;

    /**
     * @param bindCommonNameToClientId whether a TLS client certificate's CN must equal the client id
     * @param attemptLimit how many attempts are answered per period, from all callers together
     */
    public AuthenticationService(ClientRegistry clients, TokenIssuer issuer, boolean bindCommonNameToClientId,
                                 ClientRecord.RateLimit attemptLimit) {
        this.clients = clients;
        this.issuer = issuer;
        this.bindCommonNameToClientId = bindCommonNameToClientId;
        this.attempts = RateLimiter.of("kms4j-authenticate", RateLimiterConfig.custom()
                .limitForPeriod(attemptLimit.permits())
                .limitRefreshPeriod(attemptLimit.period())
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    @Override
    public void authenticate(AuthenticateRequest request, StreamObserver<AuthenticateResponse> responses) {
        String clientId = request.getClientId();
        String secret = request.getClientSecret();
        // Only configured ids are logged: a caller who types a secret into the id field must not
        // find it in the server's logs.
        String logId = clients.find(clientId).isPresent() ? clientId : "<unknown>";
        if (!attempts.acquirePermission()) {
            LOG.warn("authentication throttled: client={}", logId);
            responses.onError(GrpcErrors.throttled().asRuntimeException(GrpcErrors.trailers("THROTTLED")));
            return;
        }
        if (secret.length() > MAX_SECRET_LENGTH) {
            // bcrypt reads 72 bytes at most; a huge secret is an attack on Argon2 time, not a credential.
            secret = "";
        }
        Optional<ClientRecord> client = clients.authenticate(clientId, secret);
        if (client.isPresent() && bindCommonNameToClientId && !certificateMatches(clientId)) {
            LOG.warn("authentication refused: client={} reason=certificate CN does not match", logId);
            client = Optional.empty();
        }
        if (client.isEmpty()) {
            LOG.info("authentication failed: client={}", logId);
            responses.onError(GrpcErrors.unauthenticated().asRuntimeException(GrpcErrors.trailers("UNAUTHENTICATED")));
            return;
        }
        IssuedToken token;
        try {
            token = issuer.issue(client.get());
        } catch (KmsException e) {
            LOG.error("token issue failed: client={} code={}", logId, e.code());
            responses.onError(Status.UNAVAILABLE.withDescription("token service unavailable")
                    .asRuntimeException(GrpcErrors.trailers("UNAVAILABLE")));
            return;
        }
        LOG.info("authenticated: client={} expiresIn={}", logId, token.expiresIn());
        responses.onNext(AuthenticateResponse.newBuilder()
                .setAccessToken(token.token())
                .setTokenType("Bearer")
                .setExpiresInSeconds(token.expiresIn().toSeconds())
                .build());
        responses.onCompleted();
    }

    private static boolean certificateMatches(String clientId) {
        SSLSession session = CallAttributes.SSL_SESSION.get();
        if (session == null) {
            // Not a TLS connection (a Unix socket): there is no certificate to bind.
            return true;
        }
        return PeerCertificates.commonName(session).map(clientId::equals).orElse(false);
    }
}
