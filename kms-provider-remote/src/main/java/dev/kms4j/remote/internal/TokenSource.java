package dev.kms4j.remote.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.remote.protocol.ErrorMapping;
import dev.kms4j.remote.protocol.v1.AuthenticateRequest;
import dev.kms4j.remote.protocol.v1.AuthenticateResponse;
import dev.kms4j.remote.protocol.v1.AuthenticationGrpc;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The access token for the remote provider's calls: obtained from {@code Authentication/Authenticate}
 * with the client id and secret, cached, and renewed once 80 % of its lifetime
 * ({@code expires_in_seconds}) has passed, so calls rarely meet an expired token. After the server
 * rejects a token ({@code UNAUTHENTICATED}), {@link #invalidate(String)} drops it and the next
 * call authenticates again.
 *
 * <p>One thread authenticates at a time; the others wait for its token rather than each asking
 * for one. A failed authentication is not cached: the next call tries again.
 *
 * <p><strong>Secret:</strong> the client secret and the token. Neither is logged, shown by
 * {@link #toString()} or put into an exception message. (Both are Java strings, which cannot be
 * zeroed: the secret arrives as a configuration string, the token as a protobuf string.)
 * Thread-safe.
 */
public final class TokenSource {
    /** Share of a token's lifetime after which it is renewed. */
    static final double REFRESH_AT = 0.8;

    private final AuthenticationGrpc.AuthenticationBlockingStub stub;
    private final String clientId;
    private final String clientSecret;
    private final Duration timeout;
    private final Clock clock;

    private String token; // guarded by this
    private Instant refreshAt; // guarded by this

    /** A source that authenticates over {@code channel} as {@code clientId}. */
    public TokenSource(Channel channel, String clientId, String clientSecret, Duration timeout, Clock clock) {
        this.stub = AuthenticationGrpc.newBlockingStub(Objects.requireNonNull(channel, "channel"));
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A valid token, from the cache or from a fresh {@code Authenticate} call. <strong>Secret.</strong> */
    public synchronized String token() {
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            authenticate();
        }
        return token;
    }

    /** Drops {@code rejected} if it is still the cached token (another thread may have renewed it). */
    public synchronized void invalidate(String rejected) {
        if (rejected != null && rejected.equals(token)) {
            token = null;
            refreshAt = null;
        }
    }

    private void authenticate() {
        token = null;
        Instant now = clock.instant();
        AuthenticateResponse answer;
        try {
            answer = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .authenticate(AuthenticateRequest.newBuilder()
                            .setClientId(clientId).setClientSecret(clientSecret).build());
        } catch (StatusRuntimeException e) {
            KmsException failure = ErrorMapping.fromStatusException(e);
            throw KmsException.builder(failure.code(), "authentication as client '" + clientId
                            + "' failed: " + failure.getMessage())
                    .retryable(failure.isRetryable()).provider(RemoteKeyIds.SCHEME).cause(failure).build();
        }
        String type = answer.getTokenType();
        if (answer.getAccessToken().isEmpty() || !(type.isEmpty() || type.equalsIgnoreCase("Bearer"))) {
            throw KmsException.builder(KmsErrorCode.UNAUTHENTICATED, "authentication as client '" + clientId
                            + "' gave no bearer token")
                    .provider(RemoteKeyIds.SCHEME).build();
        }
        long lifetimeMillis = Math.max(0, answer.getExpiresInSeconds()) * 1000;
        token = answer.getAccessToken();
        // A token without a lifetime is used for this call only and renewed for the next.
        refreshAt = now.plusMillis((long) (lifetimeMillis * REFRESH_AT));
    }

    @Override
    public String toString() {
        return "TokenSource[client-id=" + clientId + "]";
    }
}
