package dev.kms4j.local.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.util.regex.Pattern;

/**
 * The syntax of local key ids, checked before any id becomes part of a file name.
 *
 * <p>The provider validates ids too; the storage layer checks again (defence in depth) because an
 * id is turned into a path here, and an id such as {@code ../x} or {@code a/b} must never reach
 * the file system. Stateless and thread-safe.
 */
public final class KeyIds {
    /** A letter or digit, then up to 127 letters, digits, dots, underscores or hyphens. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private KeyIds() {
    }

    /** Whether {@code keyId} is a syntactically valid local key id. */
    public static boolean isValid(String keyId) {
        // The pattern already excludes separators and a leading dot; ".." inside an id is refused
        // as well so that no id ever looks like a path step to a human or a tool.
        return keyId != null && VALID.matcher(keyId).matches() && !keyId.contains("..");
    }

    /**
     * Returns {@code keyId} if valid.
     *
     * @throws KmsException {@code INVALID_ARGUMENT} otherwise (the id is quoted only when it is
     *     short and printable, so the message cannot be used to smuggle control characters)
     */
    public static String require(String keyId) {
        if (isValid(keyId)) {
            return keyId;
        }
        throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "invalid local key id " + describe(keyId)
                + ": expected a letter or digit followed by up to 127 letters, digits, '.', '_' or '-',"
                + " without '..'");
    }

    private static String describe(String keyId) {
        if (keyId == null) {
            return "null";
        }
        if (keyId.length() <= 160 && keyId.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return "'" + keyId + "'";
        }
        return "(" + keyId.length() + " characters, not shown)";
    }
}
