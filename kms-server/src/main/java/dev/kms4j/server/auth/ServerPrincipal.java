package dev.kms4j.server.auth;

import dev.kms4j.Caller;

/**
 * The server's own identity for the kms4j calls it makes for itself (signing tokens, reading the
 * token key's public key): principal {@code kms4j-server}. Client ids may not start with
 * {@code kms4j-}, so no client can be this principal.
 *
 * <p>Stateless and thread-safe. Nothing here is secret.
 */
public final class ServerPrincipal {
    /** Prefix reserved for the server's own principals. */
    public static final String RESERVED_PREFIX = "kms4j-";
    /** The principal name in audit records and policy rules. */
    public static final String NAME = "kms4j-server";
    /** The caller the server uses for its own calls. */
    public static final Caller CALLER = Caller.of(NAME);

    private ServerPrincipal() {
    }
}
