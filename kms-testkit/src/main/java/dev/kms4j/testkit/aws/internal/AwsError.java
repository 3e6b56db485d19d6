package dev.kms4j.testkit.aws.internal;

/**
 * An error answer of the fake in AWS's awsJson1_1 shape:
 * {@code {"__type":"<type>","message":"<message>"}} with an HTTP status. Messages never carry
 * key material or plaintext.
 *
 * <p>Immutable.
 */
public final class AwsError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;

    public AwsError(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    public static AwsError notFound(String message) {
        return new AwsError("NotFoundException", 400, message);
    }

    public static AwsError validation(String message) {
        return new AwsError("ValidationException", 400, message);
    }

    public static AwsError disabled(String message) {
        return new AwsError("DisabledException", 400, message);
    }

    public static AwsError invalidState(String message) {
        return new AwsError("KMSInvalidStateException", 400, message);
    }

    public static AwsError invalidKeyUsage(String message) {
        return new AwsError("InvalidKeyUsageException", 400, message);
    }

    public static AwsError invalidCiphertext() {
        return new AwsError("InvalidCiphertextException", 400, null);
    }

    public static AwsError unsupported(String message) {
        return new AwsError("UnsupportedOperationException", 400, message);
    }

    /** The {@code __type} the SDK maps to an exception class. */
    public String type() {
        return type;
    }

    public int status() {
        return status;
    }
}
