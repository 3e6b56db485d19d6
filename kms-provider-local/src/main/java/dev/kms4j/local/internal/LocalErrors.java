package dev.kms4j.local.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;

/**
 * Builds the local provider's {@link KmsException}s so every one names the provider and the key.
 * Messages are composed by callers from key references, operation names, states and sizes only,
 * never from key material or plaintext. Stateless and thread-safe.
 */
final class LocalErrors {
    /** The scheme of the local provider. */
    static final String SCHEME = "local";

    private LocalErrors() {
    }

    static KmsException error(KmsErrorCode code, KeyRef ref, String message) {
        return KmsException.builder(code, message).provider(SCHEME).keyRef(ref).build();
    }

    static KmsException error(KmsErrorCode code, KeyRef ref, String message, Throwable cause) {
        return KmsException.builder(code, message).provider(SCHEME).keyRef(ref).cause(cause).build();
    }

    static KmsException notFound(KeyRef ref) {
        return error(KmsErrorCode.NOT_FOUND, ref, "key " + ref.withoutVersion() + " does not exist");
    }

    static KmsException invalidArgument(KeyRef ref, String message) {
        return error(KmsErrorCode.INVALID_ARGUMENT, ref, message);
    }

    static KmsException integrity(KeyRef ref, String operation, String why) {
        return error(KmsErrorCode.INTEGRITY, ref, operation + " with " + ref + " failed: " + why);
    }

    /** An unexpected failure inside the JCA or Bouncy Castle (not a bad input); keeps the cause. */
    static KmsException jcaFailure(String operation, KeyRef ref, java.security.GeneralSecurityException e) {
        return error(KmsErrorCode.INTERNAL, ref, operation + " with " + ref + " failed in the JCA ("
                + e.getClass().getSimpleName() + ")", e);
    }

    /** For an operation outside what the key (its spec and usage) can do. */
    static KmsException unsupportedByKey(KeyRef ref, String operation, String why) {
        return error(KmsErrorCode.UNSUPPORTED, ref, "key " + ref.withoutVersion() + " does not support " + operation
                + ": " + why);
    }
}
