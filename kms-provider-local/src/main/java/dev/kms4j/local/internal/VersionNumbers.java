package dev.kms4j.local.internal;

import dev.kms4j.KeyRef;

/**
 * Local key versions are the decimal numbers 1, 2, 3, ... in canonical form. Stateless and
 * thread-safe.
 */
final class VersionNumbers {
    /** {@link #parse} result for a reference without version. */
    static final int NONE = 0;
    /** {@link #parse} result for a well-formed number no key can have (0, or beyond int range). */
    static final int NONEXISTENT = -1;

    private VersionNumbers() {
    }

    /**
     * The version number in {@code ref}.
     *
     * @return {@link #NONE}, {@link #NONEXISTENT}, or a number from 1 up
     * @throws dev.kms4j.KmsException {@code INVALID_ARGUMENT} if the version is not a canonical
     *     decimal number (letters, signs, leading zeros)
     */
    static int parse(KeyRef ref) {
        if (!ref.hasVersion()) {
            return NONE;
        }
        String v = ref.version().get();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(ref, v);
            }
        }
        if (v.equals("0")) {
            return NONEXISTENT;
        }
        if (v.charAt(0) == '0') {
            throw invalid(ref, v);
        }
        if (v.length() > 10) {
            return NONEXISTENT;
        }
        long n = Long.parseLong(v);
        return n > Integer.MAX_VALUE ? NONEXISTENT : (int) n;
    }

    private static RuntimeException invalid(KeyRef ref, String version) {
        return LocalErrors.invalidArgument(ref, "invalid local key version '" + version + "' in " + ref.withoutVersion()
                + ": local versions are the numbers 1, 2, 3, ...");
    }
}
