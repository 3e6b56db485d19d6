package dev.kms4j.remote.internal;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/**
 * Call credentials that add {@code authorization: Bearer <token>} to one call. The token is
 * obtained (and refreshed) by {@link TokenSource} on the calling thread before the call starts,
 * so an authentication failure reaches the caller as a typed kms4j error rather than a bare gRPC
 * status.
 *
 * <p><strong>Secret:</strong> the token; {@link #toString()} does not show it. Immutable and
 * thread-safe.
 */
final class BearerToken extends CallCredentials {
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String token;

    BearerToken(String token) {
        this.token = token;
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
