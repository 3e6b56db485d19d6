package dev.kms4j.server.auth;

import java.time.Duration;

/**
 * An access token just issued. The token is secret (a bearer credential): {@link #toString()}
 * does not print it. Immutable and thread-safe.
 */
public final class IssuedToken {
    private final String token;
    private final Duration expiresIn;

    IssuedToken(String token, Duration expiresIn) {
        this.token = token;
        this.expiresIn = expiresIn;
    }

    /** The compact JWT; secret. */
    public String token() {
        return token;
    }

    /** How long it is valid from issue. */
    public Duration expiresIn() {
        return expiresIn;
    }

    @Override
    public String toString() {
        return "IssuedToken[expiresIn=" + expiresIn + "]";
    }
}
