package dev.kms4j.envelope.store;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.util.List;
import java.util.Optional;

/**
 * A durable map from entity id to that entity's wrapped DEK ({@link DekEntry}). It never sees a
 * plaintext DEK; {@link EntityEncryptor} does the key management on top of it.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>entity ids are checked with {@link EntityIds#require}: a bad id is
 *       {@link KmsErrorCode#INVALID_ARGUMENT} and changes nothing;</li>
 *   <li>{@link #putIfAbsent} is atomic: of many concurrent calls for one id exactly one entry is
 *       stored, and every caller gets that entry back;</li>
 *   <li>{@link #compareAndSet} replaces an entry only if it is still exactly the expected one;</li>
 *   <li>{@link #beginReplaceAll()} replaces every entry at once: readers see either all old or
 *       all new entries, and writers wait until the replacement is committed or abandoned;</li>
 *   <li>a completed write survives a crash of the process (for durable stores, of the machine);</li>
 *   <li>after {@link #close()} every method throws {@link IllegalStateException}.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface DekStore extends AutoCloseable {

    /** The entry of {@code entityId}, if there is one. */
    Optional<DekEntry> get(String entityId);

    /**
     * Stores {@code entry} unless its entity already has one. Returns the stored entry: {@code entry}
     * itself, or the existing entry that won.
     */
    DekEntry putIfAbsent(DekEntry entry);

    /**
     * Replaces {@code expected} with {@code replacement} (same entity id) if the store still holds
     * exactly {@code expected}. Returns whether it did.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if the entity ids differ
     */
    boolean compareAndSet(DekEntry expected, DekEntry replacement);

    /** The entity ids, sorted. */
    List<String> ids();

    /**
     * Starts replacing every entry at once (used by {@link EntityEncryptor#rewrapAll}). Until the
     * returned replacement is committed or closed, writes through this store wait; reads go on
     * and see the old entries. Only one replacement runs at a time.
     */
    DekReplacement beginReplaceAll();

    /** Releases the store's resources (for the file store, its lock). Idempotent. */
    @Override
    void close();
}
