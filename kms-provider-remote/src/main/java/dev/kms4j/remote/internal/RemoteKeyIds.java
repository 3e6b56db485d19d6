package dev.kms4j.remote.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;

/**
 * Translates between the remote provider's key URIs and the server's: {@code kms4j://local/payments#2}
 * names the server's {@code local://payments#2}. The key id is split at its <em>first</em>
 * {@code '/'}: what comes before is the server-side scheme, the rest (slashes and all) the
 * server-side key id, so {@code kms4j://aws-kms/arn:aws:kms:eu-west-1:1:key/abc} is the server's
 * {@code aws-kms://arn:aws:kms:eu-west-1:1:key/abc}. The version carries over unchanged.
 *
 * <p>Stateless and thread-safe.
 */
public final class RemoteKeyIds {
    /** The scheme the remote provider serves. */
    public static final String SCHEME = "kms4j";

    private RemoteKeyIds() {
    }

    /**
     * The server's URI for {@code ref}.
     *
     * @throws KmsException {@code INVALID_ARGUMENT} unless the key id is {@code <scheme>/<key id>}
     *     with a valid scheme and a non-empty key id
     */
    public static String toServerUri(KeyRef ref) {
        return toServerRef(ref).toUri();
    }

    /** The server's reference for {@code ref}; see {@link #toServerUri(KeyRef)}. */
    public static KeyRef toServerRef(KeyRef ref) {
        String id = ref.keyId();
        int slash = id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1) {
            throw KmsException.builder(KmsErrorCode.INVALID_ARGUMENT, "key URI " + ref
                            + " does not name a server-side key: expected kms4j://<server scheme>/<key id>[#version],"
                            + " for example kms4j://local/payments")
                    .provider(SCHEME).keyRef(ref).build();
        }
        String scheme = id.substring(0, slash);
        String keyId = id.substring(slash + 1);
        try {
            return KeyRef.of(scheme, keyId, ref.version().orElse(null));
        } catch (KmsException e) {
            throw e.toBuilder().provider(SCHEME).keyRef(ref).build();
        }
    }

    /** The remote provider's reference for a server URI; {@code INVALID_ARGUMENT} if it is malformed. */
    public static KeyRef fromServerUri(String serverUri) {
        return fromServerRef(KeyRef.parse(serverUri));
    }

    /** The remote provider's reference for a server reference. */
    public static KeyRef fromServerRef(KeyRef server) {
        return KeyRef.of(SCHEME, server.scheme() + "/" + server.keyId(), server.version().orElse(null));
    }

    /**
     * The server's {@code ListKeys} scope for what follows {@code kms4j://} in a listing prefix:
     * empty stays empty (every server provider), {@code local} or {@code local/} is the server's
     * {@code local}, {@code local/pay} its {@code local://pay}.
     */
    public static String toServerScope(String scope) {
        if (scope.isEmpty()) {
            return "";
        }
        int slash = scope.indexOf('/');
        if (slash < 0) {
            return scope;
        }
        if (slash == 0) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "listing prefix kms4j://" + scope + " names no server scheme: expected kms4j://<server scheme>/...");
        }
        String rest = scope.substring(slash + 1);
        return scope.substring(0, slash) + "://" + rest;
    }
}
