package dev.kms4j.envelope.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;

/** Typed errors of the envelope layer. Messages never contain key material or plaintext. */
public final class Errors {
    private Errors() {
    }

    /** The message, header or payload failed authentication or is malformed. */
    public static KmsException integrity(String message) {
        return new KmsException(KmsErrorCode.INTEGRITY, "envelope " + message);
    }

    /** Same, keeping the cause for diagnosis (causes from Tink/JCE carry no secrets). */
    public static KmsException integrity(String message, Throwable cause) {
        return new KmsException(KmsErrorCode.INTEGRITY, "envelope " + message, cause);
    }

    /** A well-formed message this version of kms4j cannot read (newer format or algorithm). */
    public static KmsException unsupported(String message) {
        return new KmsException(KmsErrorCode.UNSUPPORTED, "envelope " + message);
    }

    /** A bad argument from the caller. */
    public static KmsException invalid(String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
    }

    /** A failure inside kms4j or Tink that should not happen. */
    public static KmsException internal(String message, Throwable cause) {
        return new KmsException(KmsErrorCode.INTERNAL, "envelope " + message, cause);
    }
}
