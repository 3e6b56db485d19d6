package dev.kms4j.testkit.vault.internal;

import java.util.List;

/**
 * A Vault error answer: an HTTP status and the {@code errors} strings of the body
 * ({@code {"errors":["…"]}}). Thrown inside the fake and rendered by the router. Messages are
 * the fake's own sentences, never request values.
 */
public final class VaultError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What real Vault answers for a token it does not know or that has expired (Vault 1.10+). */
    public static final String INVALID_TOKEN = "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n";

    private final int status;
    private final List<String> errors;

    public VaultError(int status, String... errors) {
        super(errors.length == 0 ? "HTTP " + status : errors[0], null, false, false);
        this.status = status;
        this.errors = List.of(errors);
    }

    /** HTTP 400 with one message: Vault's "user error". */
    public static VaultError badRequest(String message) {
        return new VaultError(400, message);
    }

    public static VaultError permissionDenied() {
        return new VaultError(403, "permission denied");
    }

    public static VaultError invalidToken() {
        return new VaultError(403, INVALID_TOKEN);
    }

    public int status() {
        return status;
    }

    public List<String> errors() {
        return errors;
    }
}
