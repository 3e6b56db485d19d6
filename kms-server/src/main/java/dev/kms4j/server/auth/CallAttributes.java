package dev.kms4j.server.auth;

import io.grpc.Context;
import javax.net.ssl.SSLSession;

/**
 * Transport facts the {@link AuthInterceptor} copies into the gRPC {@link Context} for services
 * that need them. Nothing here is secret (a TLS session exposes certificates, not keys).
 */
final class CallAttributes {
    /** The TLS session of the call's connection; absent on plaintext and Unix-socket connections. */
    static final Context.Key<SSLSession> SSL_SESSION = Context.key("kms4j-ssl-session");

    private CallAttributes() {
    }
}
