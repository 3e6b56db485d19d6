package dev.kms4j.local.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local provider's keys: decoded {@link LoadedKey} snapshots in memory in front of the
 * {@link KeyRecordStore}, and the per-key locks that serialize writes.
 *
 * <p>Reads ({@link #get}) are lock-free once a key is loaded: one concurrent-map lookup. A key is
 * loaded on first use under its own lock, so a load cannot overwrite a newer snapshot that a
 * concurrent write installs. Writes ({@link #create}, {@link #update}) hold the key's lock across
 * read-record, change, write-record, replace-snapshot; different keys never wait for each other.
 *
 * <p>Destruction is lazy: a key pending deletion whose date has come is deleted from the store
 * (and its cached key bytes wiped) by the first access that notices, or by {@link #list}; from
 * then on it does not exist.
 *
 * <p>Thread-safe. Holds <strong>secret</strong> key objects; logs key ids only.
 */
final class KeyCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyCache.class);

    private final KeyRecordStore store;
    private final Clock clock;
    private final ConcurrentMap<String, LoadedKey> loaded = new ConcurrentHashMap<>();
    // One lock per key id ever written or loaded; small, and never removed so two threads can
    // never end up holding different locks for the same id.
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    KeyCache(KeyRecordStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The key {@code ref} names (its version is ignored here).
     *
     * @throws KmsException {@code INVALID_ARGUMENT} for a malformed id, {@code NOT_FOUND} if it
     *     does not exist (or has just been destroyed), {@code INTEGRITY} if its record is damaged
     */
    LoadedKey get(KeyRef ref) {
        checkOpen(ref);
        LoadedKey key = loaded.get(ref.keyId());
        if (key == null) {
            // Only valid ids are ever cached, so the id check is needed on a miss only.
            key = load(ref, validId(ref));
        }
        if (key.isDueForDestruction(clock)) {
            destroyIfDue(ref.keyId());
            throw LocalErrors.notFound(ref);
        }
        return key;
    }

    /**
     * Creates a key: refuses an existing id (destroying it first if its deletion date has come),
     * then stores and caches the record {@code newRecord} supplies (called under the key's lock,
     * so expensive key generation happens only when the id is free).
     *
     * @throws KmsException {@code ALREADY_EXISTS} if the id is taken
     */
    LoadedKey create(KeyRef ref, Supplier<KeyRecord> newRecord) {
        String id = validId(ref);
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            checkOpen(ref);
            KeyRecord existing = readRecord(ref, id).orElse(null);
            if (existing != null) {
                try {
                    if (!existing.isDueForDestruction(clock.instant())) {
                        throw LocalErrors.error(KmsErrorCode.ALREADY_EXISTS, ref, "key " + ref + " already exists");
                    }
                    destroyLocked(id);
                } finally {
                    existing.wipe();
                }
            }
            KeyRecord record = newRecord.get();
            try {
                byte[] encoded = KeyRecordCodec.encode(record);
                try {
                    store.create(id, encoded);
                } finally {
                    Arrays.fill(encoded, (byte) 0);
                }
                return install(id, record, null);
            } finally {
                record.wipe();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes a key: reads its record, applies {@code change} (which returns the same record for
     * "nothing to do", or throws to refuse), writes the result and installs the new snapshot.
     *
     * @return the snapshot after the change
     * @throws KmsException {@code NOT_FOUND} if the key does not exist or its deletion date has come
     */
    LoadedKey update(KeyRef ref, UnaryOperator<KeyRecord> change) {
        String id = validId(ref);
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            checkOpen(ref);
            Optional<KeyRecord> read = readRecord(ref, id);
            if (read.isEmpty()) {
                evict(id);
                throw LocalErrors.notFound(ref);
            }
            KeyRecord record = read.get();
            KeyRecord changed = record;
            try {
                if (record.isDueForDestruction(clock.instant())) {
                    destroyLocked(id);
                    throw LocalErrors.notFound(ref);
                }
                changed = change.apply(record);
                if (changed == record) {
                    LoadedKey current = loaded.get(id);
                    return current != null ? current : install(id, record, null);
                }
                byte[] encoded = KeyRecordCodec.encode(changed);
                try {
                    store.replace(id, encoded);
                } finally {
                    Arrays.fill(encoded, (byte) 0);
                }
                return install(id, changed, loaded.get(id));
            } finally {
                record.wipe();
                changed.wipe();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ids of existing keys starting with {@code prefix}, sorted; keys whose deletion date has come
     * are destroyed on the way and left out. A key whose record is damaged is still listed.
     */
    List<String> list(String prefix) {
        checkOpen(null);
        List<String> ids = new ArrayList<>();
        for (String id : store.list()) {
            if (!id.startsWith(prefix)) {
                continue;
            }
            if (isDue(id)) {
                destroyIfDue(id);
                continue;
            }
            ids.add(id);
        }
        return ids;
    }

    /** Wipes every cached key and closes the store. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loaded.values().forEach(LoadedKey::wipe);
        loaded.clear();
        store.close();
    }

    private boolean isDue(String id) {
        LoadedKey cached = loaded.get(id);
        if (cached != null) {
            return cached.isDueForDestruction(clock);
        }
        KeyRef ref = KeyRef.of(LocalErrors.SCHEME, id);
        try {
            Optional<KeyRecord> record = readRecord(ref, id);
            if (record.isEmpty()) {
                return false;
            }
            try {
                return record.get().isDueForDestruction(clock.instant());
            } finally {
                record.get().wipe();
            }
        } catch (KmsException e) {
            LOG.warn("listing key {}: its record could not be read ({})", ref, e.code());
            return false;
        }
    }

    private LoadedKey load(KeyRef ref, String id) {
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            checkOpen(ref);
            LoadedKey key = loaded.get(id);
            if (key != null) {
                return key;
            }
            KeyRecord record = readRecord(ref, id).orElseThrow(() -> LocalErrors.notFound(ref));
            try {
                return install(id, record, null);
            } finally {
                record.wipe();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Decodes {@code record} into the cache; call with the key's lock held. */
    private LoadedKey install(String id, KeyRecord record, LoadedKey previous) {
        LoadedKey key;
        try {
            key = LoadedKey.from(record, previous);
        } catch (IllegalArgumentException e) {
            evict(id);
            throw LocalErrors.error(KmsErrorCode.INTEGRITY, KeyRef.of(LocalErrors.SCHEME, id),
                    "stored key " + LocalErrors.SCHEME + "://" + id + " is damaged: " + e.getMessage());
        }
        loaded.put(id, key);
        return key;
    }

    private void destroyIfDue(String id) {
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            KeyRef ref = KeyRef.of(LocalErrors.SCHEME, id);
            Optional<KeyRecord> record = readRecord(ref, id);
            if (record.isEmpty()) {
                evict(id);
                return;
            }
            try {
                if (record.get().isDueForDestruction(clock.instant())) {
                    destroyLocked(id);
                }
            } finally {
                record.get().wipe();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the record and wipes the cached key; call with the key's lock held. */
    private void destroyLocked(String id) {
        store.delete(id);
        evict(id);
        LOG.info("destroyed key {}://{}: its deletion date has passed", LocalErrors.SCHEME, id);
    }

    private void evict(String id) {
        LoadedKey old = loaded.remove(id);
        if (old != null) {
            old.wipe();
        }
    }

    /** Reads and parses a record; the decrypted bytes are zeroed here, the record is the caller's to wipe. */
    private Optional<KeyRecord> readRecord(KeyRef ref, String id) {
        Optional<byte[]> bytes;
        try {
            bytes = store.read(id);
        } catch (KmsException e) {
            throw e.withContext(LocalErrors.SCHEME, ref);
        }
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        byte[] b = bytes.get();
        try {
            return Optional.of(KeyRecordCodec.decode(id, b));
        } catch (IllegalArgumentException e) {
            throw LocalErrors.error(KmsErrorCode.INTEGRITY, ref,
                    "stored key " + ref.withoutVersion() + " is damaged: " + e.getMessage());
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    private ReentrantLock lockFor(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    private static String validId(KeyRef ref) {
        if (!KeyIds.isValid(ref.keyId())) {
            try {
                KeyIds.require(ref.keyId());
            } catch (KmsException e) {
                throw LocalErrors.invalidArgument(ref, e.getMessage());
            }
        }
        return ref.keyId();
    }

    private void checkOpen(KeyRef ref) {
        if (closed) {
            throw KmsException.builder(KmsErrorCode.UNAVAILABLE, "the local provider is closed")
                    .provider(LocalErrors.SCHEME).keyRef(ref).retryable(false).build();
        }
    }
}
