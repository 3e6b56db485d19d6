package dev.kms4j.testkit.azure.internal;

/**
 * An error the fake answers in Azure Key Vault's format,
 * {@code {"error":{"code":…,"message":…,"innererror":{"code":…}}}}. Messages are fixed texts or
 * name keys and algorithms; they never quote key material or plaintext.
 */
public final class AzureError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String innerCode;

    public AzureError(int status, String code, String innerCode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.innerCode = innerCode;
    }

    static AzureError badParameter(String message) {
        return new AzureError(400, "BadParameter", null, message);
    }

    static AzureError keyNotFound(String name) {
        return new AzureError(404, "KeyNotFound", null, "A key with (name/id) " + name + " was not found in this key vault.");
    }

    static AzureError keyDisabled(String operation) {
        return new AzureError(403, "Forbidden", "KeyDisabled", "Operation " + operation + " is not allowed on a disabled key.");
    }

    static AzureError operationNotAllowed(String operation) {
        return new AzureError(403, "Forbidden", "KeyOperationForbidden", "Operation \"" + operation
                + "\" is not allowed for this key.");
    }

    static AzureError conflict(String message) {
        return new AzureError(409, "Conflict", null, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The inner error code, or {@code null}. */
    public String innerCode() {
        return innerCode;
    }
}
