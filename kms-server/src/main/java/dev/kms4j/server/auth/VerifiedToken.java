package dev.kms4j.server.auth;

import java.time.Instant;

/** The facts of a token that passed every check. Immutable; not secret (the token itself is not kept). */
public final class VerifiedToken {
    private final String clientId;
    private final Instant issuedAt;
    private final Instant expiresAt;

    VerifiedToken(String clientId, Instant issuedAt, Instant expiresAt) {
        this.clientId = clientId;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    /** The subject: the client id the token was issued to. */
    public String clientId() {
        return clientId;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "VerifiedToken[" + clientId + ", exp=" + expiresAt + "]";
    }
}
