package dev.kms4j.remote;

import dev.kms4j.Caller;
import dev.kms4j.remote.protocol.v1.AuthenticateRequest;
import dev.kms4j.remote.protocol.v1.AuthenticateResponse;
import dev.kms4j.remote.protocol.v1.AuthenticationGrpc;
import dev.kms4j.server.internal.AuthenticatedCaller;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the server's authentication layer (which another package owns): an
 * {@code Authenticate} service issuing short-lived random tokens for known clients, and an
 * interceptor that refuses calls without a live token and puts the client into
 * {@link AuthenticatedCaller#KEY}, as the real one does. Lifetimes are read on a test clock.
 */
final class TestTokenAuthority extends AuthenticationGrpc.AuthenticationImplBase implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> secrets;
    private final Duration lifetime;
    private final Clock clock;
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger authentications = new AtomicInteger();

    private record Issued(String clientId, Instant expiresAt) {
    }

    TestTokenAuthority(Map<String, String> secrets, Duration lifetime, Clock clock) {
        this.secrets = Map.copyOf(secrets);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    int authentications() {
        return authentications.get();
    }

    /** Forgets every token issued, as a server restart or a revocation would. */
    void revokeAll() {
        tokens.clear();
    }

    @Override
    public void authenticate(AuthenticateRequest request, StreamObserver<AuthenticateResponse> out) {
        authentications.incrementAndGet();
        String expected = secrets.get(request.getClientId());
        if (expected == null || !expected.equals(request.getClientSecret())) {
            out.onError(Status.UNAUTHENTICATED.withDescription("bad client credentials").asRuntimeException());
            return;
        }
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        tokens.put(token, new Issued(request.getClientId(), clock.instant().plus(lifetime)));
        out.onNext(AuthenticateResponse.newBuilder().setAccessToken(token).setTokenType("Bearer")
                .setExpiresInSeconds(lifetime.getSeconds()).build());
        out.onCompleted();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (call.getMethodDescriptor().getServiceName().equals(AuthenticationGrpc.SERVICE_NAME)) {
            return next.startCall(call, headers);
        }
        String header = headers.get(AUTHORIZATION);
        Issued issued = header != null && header.startsWith("Bearer ") ? tokens.get(header.substring(7)) : null;
        if (issued == null || !clock.instant().isBefore(issued.expiresAt())) {
            call.close(Status.UNAUTHENTICATED.withDescription("missing, unknown or expired token"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        Context context = Context.current().withValue(AuthenticatedCaller.KEY, Caller.of(issued.clientId()));
        return Contexts.interceptCall(context, call, headers, next);
    }
}
