package dev.kms4j.bench;

/**
 * Set-up sanity checks: a benchmark must measure the operation succeeding, so set-up fails loudly
 * if, say, a signature does not verify. Not timing assertions. Stateless and thread-safe.
 */
final class Checks {
    private Checks() {
    }

    /** Throws {@link IllegalStateException} naming {@code what} unless {@code condition} holds. */
    static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark set-up check failed: " + what);
        }
    }
}
