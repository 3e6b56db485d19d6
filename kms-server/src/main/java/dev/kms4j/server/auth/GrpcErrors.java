package dev.kms4j.server.auth;

import dev.kms4j.remote.protocol.ErrorMapping;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * The failures the security layer answers with, as the protocol describes them: a gRPC status and
 * the trailer {@code kms4j-error-code} naming the kms4j error code. Descriptions are fixed strings
 * that tell an attacker nothing about which check failed.
 */
public final class GrpcErrors {
    /** The trailer carrying the kms4j error code name. */
    public static final Metadata.Key<String> ERROR_CODE = ErrorMapping.ERROR_CODE_KEY;

    private GrpcErrors() {
    }

    /** UNAUTHENTICATED, description "authentication required". */
    public static Status unauthenticated() {
        return Status.UNAUTHENTICATED.withDescription("authentication required");
    }

    /** RESOURCE_EXHAUSTED, description "rate limit exceeded". */
    public static Status throttled() {
        return Status.RESOURCE_EXHAUSTED.withDescription("rate limit exceeded");
    }

    /** Trailers with {@code kms4j-error-code: code}. */
    public static Metadata trailers(String code) {
        Metadata m = new Metadata();
        m.put(ERROR_CODE, code);
        return m;
    }
}
