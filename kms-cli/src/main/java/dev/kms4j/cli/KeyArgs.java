package dev.kms4j.cli;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;

/**
 * Reads a key argument: a full key URI ({@code local://payments#2}) or a bare id
 * ({@code payments}, {@code payments#2}), which means a key of the local provider.
 * Stateless and thread-safe.
 */
final class KeyArgs {
    /** The scheme a bare key id belongs to. */
    static final String DEFAULT_SCHEME = "local";

    private KeyArgs() {
    }

    /**
     * Parses a key argument.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if it is malformed
     */
    static KeyRef parse(String argument) {
        if (argument == null || argument.isBlank()) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "key argument is empty");
        }
        return KeyRef.parse(argument.contains("://") ? argument : DEFAULT_SCHEME + "://" + argument);
    }

    /**
     * Parses a key argument that must name a whole key, not one version.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if it is malformed or has a version
     */
    static KeyRef parseUnversioned(String argument, String operation) {
        KeyRef ref = parse(argument);
        if (ref.hasVersion()) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    operation + " applies to a whole key; drop '#" + ref.version().orElseThrow() + "' from " + argument);
        }
        return ref;
    }
}
