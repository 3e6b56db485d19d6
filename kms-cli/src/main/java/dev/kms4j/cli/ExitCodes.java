package dev.kms4j.cli;

import dev.kms4j.KmsErrorCode;

/**
 * The exit codes of {@code kms}, stable so that scripts can branch on them. Documented in
 * {@code docs/cli.md} and in every command's {@code --help} (the list in {@link KmsCli}'s
 * annotation, which must match these constants; a test checks it).
 * Stateless and thread-safe.
 */
final class ExitCodes {
    /** Success. */
    static final int OK = 0;
    /** {@code kms verify}: the signature does not match; {@code kms audit verify}: the chain is broken. */
    static final int VERIFICATION_FAILED = 1;
    /** The command line itself is wrong (unknown option, missing argument, bad value). */
    static final int USAGE = 2;
    /** {@link KmsErrorCode#INVALID_ARGUMENT}. */
    static final int INVALID_ARGUMENT = 3;
    /** {@link KmsErrorCode#NOT_FOUND}. */
    static final int NOT_FOUND = 4;
    /** {@link KmsErrorCode#INVALID_KEY_STATE} or {@link KmsErrorCode#ALREADY_EXISTS}. */
    static final int KEY_STATE = 5;
    /** {@link KmsErrorCode#INTEGRITY}: a ciphertext or stored key failed authentication. */
    static final int INTEGRITY = 6;
    /** {@link KmsErrorCode#UNSUPPORTED}. */
    static final int UNSUPPORTED = 7;
    /** {@link KmsErrorCode#UNAUTHENTICATED} or {@link KmsErrorCode#PERMISSION_DENIED}. */
    static final int AUTH = 8;
    /** {@link KmsErrorCode#UNAVAILABLE}, {@link KmsErrorCode#THROTTLED} or {@link KmsErrorCode#TIMEOUT}. */
    static final int UNAVAILABLE = 9;
    /** {@link KmsErrorCode#INTERNAL}, an I/O failure, or any unexpected error. */
    static final int INTERNAL = 10;

    private ExitCodes() {
    }

    /** The exit code for a kms4j error code. */
    static int of(KmsErrorCode code) {
        switch (code) {
            case INVALID_ARGUMENT:
                return INVALID_ARGUMENT;
            case NOT_FOUND:
                return NOT_FOUND;
            case INVALID_KEY_STATE:
            case ALREADY_EXISTS:
                return KEY_STATE;
            case INTEGRITY:
                return INTEGRITY;
            case UNSUPPORTED:
                return UNSUPPORTED;
            case UNAUTHENTICATED:
            case PERMISSION_DENIED:
                return AUTH;
            case UNAVAILABLE:
            case THROTTLED:
            case TIMEOUT:
                return UNAVAILABLE;
            default:
                return INTERNAL;
        }
    }
}
