package dev.kms4j;

/**
 * Operations a provider, or one key, supports. Calling an operation outside the set gives
 * {@link KmsErrorCode#UNSUPPORTED}; kms4j never silently falls back to something with different
 * security properties.
 */
public enum Capability {
    /** Create keys. */
    CREATE,
    /** List keys. */
    LIST,
    /** Read key metadata. */
    METADATA,
    /** Rotate: add a new current version. */
    ROTATE,
    /** Read and set a key's automatic {@link RotationPolicy}. */
    ROTATION_POLICY,
    /** Disable and re-enable keys or versions. */
    ENABLE_DISABLE,
    /** Schedule (and cancel) deletion. */
    SCHEDULE_DELETION,
    /** Sign messages or produce MACs. */
    SIGN,
    /** Verify signatures or MACs. */
    VERIFY,
    /** Export the public key of an asymmetric key. */
    PUBLIC_KEY,
    /** Encrypt with the key directly. */
    ENCRYPT,
    /** Decrypt with the key directly. */
    DECRYPT,
    /** Wrap caller-supplied key bytes. */
    WRAP,
    /** Unwrap wrapped key bytes. */
    UNWRAP,
    /** Generate data keys (plaintext plus wrapped). */
    DATA_KEY
}
