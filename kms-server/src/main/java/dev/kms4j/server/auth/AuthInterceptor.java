package dev.kms4j.server.auth;

import dev.kms4j.Caller;
import dev.kms4j.server.internal.AuthenticatedCaller;
import dev.kms4j.server.tls.PeerCertificates;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requires {@code authorization: Bearer <token>} on every call except those that must work without
 * one: {@code Authentication/Authenticate} (how a token is obtained) and the standard health
 * service {@code grpc.health.v1.Health} (load balancers and orchestrators probe it; it reveals only
 * SERVING / NOT_SERVING). Server reflection needs a token.
 *
 * <p>On success it puts the {@link Caller} (principal = client id, the client's roles from the
 * registry, which is authoritative over the token's {@code roles} claim, and the request id from
 * {@code x-request-id} or a fresh one) into {@link AuthenticatedCaller#KEY}, then applies the
 * client's rate limit: exhaustion is {@code RESOURCE_EXHAUSTED} with trailer
 * {@code kms4j-error-code: THROTTLED}. With CN binding on, a TLS client certificate's CN must equal
 * the token's client id. Every authentication failure is {@code UNAUTHENTICATED} with one fixed
 * description.
 *
 * <p>Thread-safe. The token is never logged.
 */
public final class AuthInterceptor implements ServerInterceptor {
    /** The metadata key of the bearer token. */
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** The metadata key of the caller's request id. */
    public static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger LOG = LoggerFactory.getLogger(AuthInterceptor.class);
    private static final String BEARER = "Bearer ";
    private static final Pattern REQUEST_ID_FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Set<String> OPEN_METHODS = Set.of("kms4j.remote.v1.Authentication/Authenticate");
    private static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health");

    private final TokenVerifier verifier;
    private final ClientRegistry clients;
    private final ClientRateLimits rateLimits;
    private final boolean bindCommonNameToClientId;

    public AuthInterceptor(TokenVerifier verifier, ClientRegistry clients, ClientRateLimits rateLimits,
            boolean bindCommonNameToClientId) {
        this.verifier = verifier;
        this.clients = clients;
        this.rateLimits = rateLimits;
        this.bindCommonNameToClientId = bindCommonNameToClientId;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        Context context = Context.current();
        if (session != null) {
            context = context.withValue(CallAttributes.SSL_SESSION, session);
        }
        String service = call.getMethodDescriptor().getServiceName();
        if (OPEN_METHODS.contains(method) || (service != null && OPEN_SERVICES.contains(service))) {
            return Contexts.interceptCall(context, call, headers, next);
        }
        Optional<VerifiedToken> token = verifier.verify(bearerToken(headers));
        Optional<ClientRecord> client = token.flatMap(t -> clients.find(t.clientId()));
        if (client.isPresent() && bindCommonNameToClientId && session != null
                && !PeerCertificates.commonName(session).map(client.get().id()::equals).orElse(false)) {
            LOG.warn("call refused: client={} method={} reason=certificate CN does not match", client.get().id(), method);
            client = Optional.empty();
        }
        if (client.isEmpty()) {
            LOG.info("call refused: method={} reason=not authenticated", method);
            return refuse(call, GrpcErrors.unauthenticated(), "UNAUTHENTICATED");
        }
        if (!rateLimits.tryAcquire(client.get())) {
            LOG.info("call throttled: client={} method={}", client.get().id(), method);
            return refuse(call, GrpcErrors.throttled(), "THROTTLED");
        }
        Caller caller = Caller.builder(client.get().id())
                .roles(client.get().roles())
                .requestId(requestId(headers))
                .build();
        return Contexts.interceptCall(context.withValue(AuthenticatedCaller.KEY, caller), call, headers, next);
    }

    private static String bearerToken(Metadata headers) {
        String value = headers.get(AUTHORIZATION);
        if (value == null || value.length() <= BEARER.length()
                || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return value.substring(BEARER.length()).trim();
    }

    private static String requestId(Metadata headers) {
        String given = headers.get(REQUEST_ID);
        return given != null && REQUEST_ID_FORMAT.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String code) {
        call.close(status, GrpcErrors.trailers(code));
        return new ServerCall.Listener<>() {
        };
    }
}
