package dev.kms4j.server.internal;

import dev.kms4j.Caller;
import io.grpc.Context;

/**
 * The one hand-off between the server's authentication layer and its services: the
 * authentication interceptor puts the verified {@link Caller} (client id as principal, the
 * client's roles, the request id) into the gRPC {@link Context}; services read it and run the
 * kms4j call inside {@link dev.kms4j.CallerContext#open(Caller)}, so key access policy and audit
 * see who asked. Absent means the server runs with authentication off (a development set-up).
 */
public final class AuthenticatedCaller {
    /** The verified caller of the current call, if any. */
    public static final Context.Key<Caller> KEY = Context.key("kms4j-authenticated-caller");

    private AuthenticatedCaller() {
    }
}
