package dev.kms4j.local.internal;

import java.util.List;
import java.util.Optional;

/**
 * Where the local provider keeps each key's serialized record (all versions, states and key
 * material of one key). Implementations encrypt records at rest and make every write atomic and
 * durable: after a crash a record is either the old or the new one, never a mix.
 *
 * <p>Record bytes are <strong>secret</strong> (they hold private and symmetric key material):
 * {@link #read} returns a fresh array the caller must zero; arrays passed to {@link #create} and
 * {@link #replace} stay owned by the caller.
 *
 * <p>Thread-safe for distinct key ids; callers serialize read-modify-write cycles on one key.
 */
public interface KeyRecordStore extends AutoCloseable {
    /**
     * Reads and decrypts a record.
     *
     * @return the plaintext record, or empty if no key with that id exists
     * @throws dev.kms4j.KmsException {@code INTEGRITY} if the stored record is corrupt or tampered
     *     with (naming the key id; other keys are unaffected)
     */
    Optional<byte[]> read(String keyId);

    /**
     * Stores a new record atomically and durably.
     *
     * @throws dev.kms4j.KmsException {@code ALREADY_EXISTS} if a record with that id exists
     */
    void create(String keyId, byte[] record);

    /**
     * Replaces an existing record atomically and durably.
     *
     * @throws dev.kms4j.KmsException {@code NOT_FOUND} if no record with that id exists
     */
    void replace(String keyId, byte[] record);

    /** Removes a record durably (the key is destroyed). No-op if absent. */
    void delete(String keyId);

    /** Every stored key id, sorted. */
    List<String> list();

    /** Releases the store's lock and resources. Idempotent. */
    @Override
    void close();
}
