package dev.kms4j.envelope.store;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.util.regex.Pattern;

/**
 * The syntax of entity ids: a letter or digit, then up to 127 letters, digits, {@code '.'},
 * {@code '_'} or {@code '-'}, without {@code ".."}.
 *
 * <p>Strict on purpose: the file store turns an id into a file name, so an id such as
 * {@code ../x}, {@code a/b} or one with control characters must never reach the file system, and
 * the same rule for every store keeps ids portable between stores. Map richer ids (e-mail
 * addresses, paths) to this alphabet yourself, for example with a hash.
 *
 * <p>Stateless and thread-safe. Entity ids are not secret; they appear in logs and errors.
 */
public final class EntityIds {
    /** Longest entity id accepted. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    private EntityIds() {
    }

    /** Whether {@code id} is a valid entity id. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches() && !id.contains("..");
    }

    /**
     * Returns {@code id} if it is valid.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} otherwise; the id is quoted only
     *     when it is short and printable, so the message cannot carry control characters into logs
     */
    public static String require(String id) {
        if (isValid(id)) {
            return id;
        }
        throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "invalid entity id " + describe(id)
                + ": expected a letter or digit followed by up to " + (MAX_LENGTH - 1)
                + " letters, digits, '.', '_' or '-', without '..'");
    }

    private static String describe(String id) {
        if (id == null) {
            return "null";
        }
        if (id.length() <= 160 && id.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return "'" + id + "'";
        }
        return "(" + id.length() + " characters, not shown)";
    }
}
