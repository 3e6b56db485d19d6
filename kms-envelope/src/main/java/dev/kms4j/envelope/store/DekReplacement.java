package dev.kms4j.envelope.store;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.util.List;
import java.util.Optional;

/**
 * One all-or-nothing replacement of every entry of a {@link DekStore}: the store takes a backup of
 * all entries, the caller {@link #stage stages} a replacement for each, reads them back to verify
 * them, and {@link #commit() commits} them in one atomic step. Closing without a commit discards
 * the staged entries and leaves the store as it was.
 *
 * <p>Not thread-safe: use it, and close it, on the thread that called
 * {@link DekStore#beginReplaceAll()}, which holds the store's write lock until {@link #close()}.
 * Holds no secret.
 */
public interface DekReplacement extends AutoCloseable {

    /** Every entry as it was when the replacement began (the backup's content), sorted by id. */
    List<DekEntry> entries();

    /**
     * Stages the replacement of one entry. It must name an entity of {@link #entries()} and keep
     * that entry's generation, algorithm and creation time: a replacement changes how a DEK is
     * wrapped, not which DEK it is.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} otherwise
     */
    void stage(DekEntry replacement);

    /** Reads a staged entry back from where it was staged (for the file store, from disk). */
    Optional<DekEntry> readStaged(String entityId);

    /**
     * Switches the store to the staged entries atomically, then removes the backup.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if some entry has not been staged
     */
    void commit();

    /** Ends the replacement; without a {@link #commit()} the staged entries are discarded. */
    @Override
    void close();
}
