package dev.kms4j.envelope.store;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link DekStore} in memory, for tests and for entities that live no longer than the process.
 * Nothing survives {@link #close()} or the end of the process.
 *
 * <p>Thread-safe: reads take no lock; writes and replacements are serialized. Holds no secret.
 */
public final class InMemoryDekStore implements DekStore {
    private final ReentrantLock writes = new ReentrantLock();
    private volatile Map<String, DekEntry> entries = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** An empty store. */
    public InMemoryDekStore() {
    }

    @Override
    public Optional<DekEntry> get(String entityId) {
        EntityIds.require(entityId);
        requireOpen();
        return Optional.ofNullable(entries.get(entityId));
    }

    @Override
    public DekEntry putIfAbsent(DekEntry entry) {
        Objects.requireNonNull(entry, "entry");
        writes.lock();
        try {
            requireOpen();
            DekEntry existing = entries.putIfAbsent(entry.entityId(), entry);
            return existing != null ? existing : entry;
        } finally {
            writes.unlock();
        }
    }

    @Override
    public boolean compareAndSet(DekEntry expected, DekEntry replacement) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(replacement, "replacement");
        if (!expected.entityId().equals(replacement.entityId())) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "a replacement must be for the same entity ('"
                    + expected.entityId() + "' vs '" + replacement.entityId() + "')");
        }
        writes.lock();
        try {
            requireOpen();
            return entries.replace(expected.entityId(), expected, replacement);
        } finally {
            writes.unlock();
        }
    }

    @Override
    public List<String> ids() {
        requireOpen();
        List<String> ids = new ArrayList<>(entries.keySet());
        Collections.sort(ids);
        return ids;
    }

    @Override
    public DekReplacement beginReplaceAll() {
        writes.lock();
        try {
            requireOpen();
            return new Replacement();
        } catch (RuntimeException | Error e) {
            writes.unlock();
            throw e;
        }
    }

    /** Drops every entry. Idempotent. */
    @Override
    public void close() {
        writes.lock();
        try {
            closed = true;
            entries = new ConcurrentHashMap<>();
        } finally {
            writes.unlock();
        }
    }

    @Override
    public String toString() {
        return "InMemoryDekStore[" + entries.size() + " entries" + (closed ? ", closed" : "") + "]";
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("DEK store is closed");
        }
    }

    private final class Replacement implements DekReplacement {
        private final Map<String, DekEntry> original;
        private final Map<String, DekEntry> staged = new HashMap<>();
        private final List<DekEntry> sorted;
        private boolean ended;
        private boolean released;

        Replacement() {
            original = new HashMap<>(entries);
            List<DekEntry> list = new ArrayList<>(original.values());
            list.sort((a, b) -> a.entityId().compareTo(b.entityId()));
            sorted = Collections.unmodifiableList(list);
        }

        @Override
        public List<DekEntry> entries() {
            return sorted;
        }

        @Override
        public void stage(DekEntry replacement) {
            Objects.requireNonNull(replacement, "replacement");
            requireActive();
            DekEntry old = original.get(replacement.entityId());
            if (old == null) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "entity '" + replacement.entityId() + "' is not part of this replacement");
            }
            FileDekStore.requireSameDek(old, replacement);
            staged.put(replacement.entityId(), replacement);
        }

        @Override
        public Optional<DekEntry> readStaged(String entityId) {
            EntityIds.require(entityId);
            requireActive();
            return Optional.ofNullable(staged.get(entityId));
        }

        @Override
        public void commit() {
            requireActive();
            requireOpen();
            if (staged.size() != original.size()) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, (original.size() - staged.size())
                        + " of " + original.size() + " entries have not been staged; nothing was switched");
            }
            entries = new ConcurrentHashMap<>(staged);
            ended = true;
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            ended = true;
            writes.unlock();
        }

        private void requireActive() {
            if (ended) {
                throw new IllegalStateException("this replacement has ended");
            }
        }
    }
}
