package dev.kms4j.envelope.store;

/**
 * Told how far {@link EntityEncryptor#rewrapAll} has got. Called on the re-wrapping thread after
 * each entry has been re-wrapped, staged and verified; keep it quick. Its exceptions abort the
 * re-wrap, which then leaves the store unchanged.
 */
@FunctionalInterface
public interface RewrapListener {
    /** Does nothing. */
    RewrapListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} entries are re-wrapped and verified. */
    void progress(int done, int total);
}
