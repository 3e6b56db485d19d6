package dev.kms4j;

/**
 * The kinds of failure every provider maps its own errors onto.
 *
 * <p>Callers branch on the code and on {@link KmsException#isRetryable()}, never on message
 * text. Each code has a default retryability; a provider may override it for a specific error
 * (for example a timeout on a non-idempotent call).
 */
public enum KmsErrorCode {
    /** The key, key version or alias does not exist. */
    NOT_FOUND(false),
    /** A key with that identifier already exists. */
    ALREADY_EXISTS(false),
    /**
     * The request was malformed: bad key URI, a signature algorithm that does not fit the key,
     * oversized input. (An operation the key cannot do at all, such as signing with an AES key,
     * is {@link #UNSUPPORTED}.)
     */
    INVALID_ARGUMENT(false),
    /** The caller could not be authenticated (bad credentials, wrong master key, expired token). */
    UNAUTHENTICATED(false),
    /** The caller is authenticated but not allowed to perform the operation. */
    PERMISSION_DENIED(false),
    /** The key or version exists but its state forbids the operation (disabled, pending deletion). */
    INVALID_KEY_STATE(false),
    /** The provider, or the key given its spec and usage, does not support the operation. */
    UNSUPPORTED(false),
    /** A ciphertext, wrapped key, signature blob or stored key failed authentication or decoding. */
    INTEGRITY(false),
    /** The provider rejected the call because of a rate limit. */
    THROTTLED(true),
    /** The provider could not be reached or is temporarily unable to serve. */
    UNAVAILABLE(true),
    /** The call did not complete within its deadline. */
    TIMEOUT(true),
    /** An unexpected failure inside kms4j or the provider. */
    INTERNAL(false);

    private final boolean retryableByDefault;

    KmsErrorCode(boolean retryableByDefault) {
        this.retryableByDefault = retryableByDefault;
    }

    /** Whether an error with this code is retryable unless the provider says otherwise. */
    public boolean isRetryableByDefault() {
        return retryableByDefault;
    }
}
