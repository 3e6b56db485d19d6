package dev.kms4j.server.config;

import dev.kms4j.Caller;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.server.http.HttpAuthenticator;
import dev.kms4j.server.http.HttpRequestMetadata;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates seed-002 HTTP requests on the Unix socket by the peer's uid (SO_PEERCRED), with the
 * same rule as the gRPC socket: the server's own uid or one of {@code allowed-uids}. The caller's
 * principal is {@code uid:<n>} and its roles are {@code http.unix-socket.roles}, so the key access
 * policy and the audit trail see which local user asked. Fails closed: a request from any other
 * transport, or without peer credentials, is 401; a uid not allowed is 403.
 *
 * <p>Immutable and thread-safe. Nothing secret.
 */
final class UnixPeerHttpAuthenticator implements HttpAuthenticator {
    /** Prefix of the principal of a Unix socket caller; client ids cannot contain ':'. */
    static final String PRINCIPAL_PREFIX = "uid:";

    private static final Logger LOG = LoggerFactory.getLogger(UnixPeerHttpAuthenticator.class);

    private final Set<Integer> allowedUids;
    private final Set<String> roles;

    /** {@code allowedUids} must already include the server's own uid. */
    UnixPeerHttpAuthenticator(Set<Integer> allowedUids, Set<String> roles) {
        this.allowedUids = Set.copyOf(allowedUids);
        this.roles = Set.copyOf(roles);
    }

    @Override
    public Caller authenticate(HttpRequestMetadata request) {
        if (request.transport() != HttpRequestMetadata.Transport.UNIX) {
            throw new KmsException(KmsErrorCode.UNAUTHENTICATED, "the request is not authenticated");
        }
        OptionalInt uid = request.peerUid();
        if (uid.isEmpty()) {
            throw new KmsException(KmsErrorCode.UNAUTHENTICATED, "the peer's credentials are not available");
        }
        if (!allowedUids.contains(uid.getAsInt())) {
            LOG.warn("HTTP unix socket request refused: uid={} pid={}", uid.getAsInt(),
                    request.peerPid().isPresent() ? request.peerPid().getAsInt() : "-");
            throw new KmsException(KmsErrorCode.PERMISSION_DENIED, "this user may not use the socket");
        }
        return Caller.builder(PRINCIPAL_PREFIX + uid.getAsInt()).roles(roles)
                .requestId(HttpRequestIds.fromHeaders(request)).build();
    }

    @Override
    public String toString() {
        return "UnixPeerHttpAuthenticator[uids=" + allowedUids + ", roles=" + roles + "]";
    }
}
