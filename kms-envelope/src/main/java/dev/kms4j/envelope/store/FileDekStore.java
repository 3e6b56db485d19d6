package dev.kms4j.envelope.store;

import dev.kms4j.internal.files.DirectoryLock;
import dev.kms4j.internal.files.AtomicFiles;
import dev.kms4j.internal.files.OwnerOnlyPermissions;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.envelope.store.internal.DekEntryCodec;
import dev.kms4j.envelope.store.internal.StoreLayout;
import dev.kms4j.envelope.store.internal.StoreManifest;
import dev.kms4j.envelope.store.internal.StoreRecovery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded, file-based {@link DekStore}: one small file per entity in a directory this store
 * owns. See {@code docs/envelope-store-and-tink.md} for the layout.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>every write is atomic and durable (temporary file, {@code fsync}, rename, {@code fsync}
 *       of the directory): after a crash an entry file holds its old or its new content, and
 *       temporary files are removed at the next open;</li>
 *   <li>the directory is locked from open to close: a second process, or a second store object
 *       in this JVM, gets {@link KmsErrorCode#UNAVAILABLE} (not retryable);</li>
 *   <li>files are created 0600 and directories 0700 where POSIX permissions exist; elsewhere
 *       (Windows) the platform's default access control applies and a warning is logged at open;</li>
 *   <li>{@link #beginReplaceAll()} writes a backup of every entry, stages the new entries in a new
 *       generation directory and switches by atomically replacing the manifest; whatever step a
 *       crash interrupts, the next open finds either the complete old or the complete new state
 *       and removes the rest;</li>
 *   <li>a damaged entry file gives {@link KmsErrorCode#INTEGRITY} for that entity only.</li>
 * </ul>
 *
 * <p>On a case-insensitive file system (macOS, Windows) two ids that differ only in case share
 * a file: the second {@link #putIfAbsent} is refused with {@link KmsErrorCode#ALREADY_EXISTS}.
 *
 * <p>Thread-safe. Reads take no file lock (an entry file is only ever replaced by an atomic
 * rename); writes in this store are serialized, since each costs two {@code fsync}s anyway.
 * Holds no secret: entries are wrapped DEKs. Entity ids are logged at DEBUG.
 */
public final class FileDekStore implements DekStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileDekStore.class);

    /** The durable steps of a replacement ({@link DekStore#beginReplaceAll()}), in order. */
    public enum ReplaceStep {
        /** The backup of every entry is on disk; nothing else changed yet. */
        BACKUP_WRITTEN,
        /** One more replacement entry is on disk in the staging directory. */
        ENTRY_STAGED,
        /** Every entry is staged; the manifest still names the old generation. */
        STAGING_COMPLETE,
        /** The manifest names the new generation: the commit point has passed. */
        SWITCHED,
        /** The old generation and the backup are gone. */
        BACKUP_REMOVED
    }

    /**
     * Observes the steps of a replacement. Meant for tests and operators' tooling: an exception
     * thrown from it stops the replacement as a crash right after that step would, so that
     * <em>no</em> clean-up runs until the store is opened again.
     */
    @FunctionalInterface
    public interface ReplaceStepListener {
        /** Does nothing. */
        ReplaceStepListener NONE = step -> { };

        /** Called after {@code step} is durable. */
        void after(ReplaceStep step);
    }

    private final StoreLayout layout;
    private final DirectoryLock lock;
    private final ReplaceStepListener stepListener;
    /** Serializes writes, replacements and close; always taken before {@link #lifecycle}. */
    private final ReentrantLock writes = new ReentrantLock();
    /** Read side: reads and writes in flight; write side: the generation switch and close. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile long generation;
    private boolean closed;

    private FileDekStore(StoreLayout layout, DirectoryLock lock, long generation, ReplaceStepListener stepListener) {
        this.layout = layout;
        this.lock = lock;
        this.generation = generation;
        this.stepListener = stepListener;
    }

    /** Opens (creating it if need be) the store in {@code dir}, failing at once if it is locked. */
    public static FileDekStore open(Path dir) {
        return builder(dir).open();
    }

    /** Starts a builder for the store in {@code dir}. */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** The store directory. */
    public Path directory() {
        return layout.dir();
    }

    @Override
    public Optional<DekEntry> get(String entityId) {
        EntityIds.require(entityId);
        ReentrantReadWriteLock.ReadLock open = enter();
        try {
            return readEntry(layout.entryFile(generation, entityId), entityId)
                    .filter(found -> matches(found, entityId));
        } catch (IOException e) {
            throw ioFailure("read the entry of", entityId, e);
        } finally {
            open.unlock();
        }
    }

    @Override
    public DekEntry putIfAbsent(DekEntry entry) {
        Objects.requireNonNull(entry, "entry");
        String id = entry.entityId();
        writes.lock();
        try {
            ReentrantReadWriteLock.ReadLock open = enter();
            try {
                Path file = layout.entryFile(generation, id);
                Optional<DekEntry> existing = readEntry(file, id);
                if (existing.isPresent()) {
                    if (!matches(existing.get(), id)) {
                        throw new KmsException(KmsErrorCode.ALREADY_EXISTS, "entity '" + id + "' collides with entity '"
                                + existing.get().entityId() + "' on this case-insensitive file system");
                    }
                    return existing.get();
                }
                AtomicFiles.write(file, DekEntryCodec.encode(entry));
                LOG.debug("DEK store {}: stored the DEK of entity '{}'", layout, id);
                return entry;
            } finally {
                open.unlock();
            }
        } catch (IOException e) {
            throw ioFailure("store the entry of", id, e);
        } finally {
            writes.unlock();
        }
    }

    @Override
    public boolean compareAndSet(DekEntry expected, DekEntry replacement) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(replacement, "replacement");
        requireSameEntity(expected, replacement);
        String id = expected.entityId();
        writes.lock();
        try {
            ReentrantReadWriteLock.ReadLock open = enter();
            try {
                Path file = layout.entryFile(generation, id);
                Optional<DekEntry> current = readEntry(file, id);
                if (current.isEmpty() || !current.get().equals(expected)) {
                    return false;
                }
                AtomicFiles.write(file, DekEntryCodec.encode(replacement));
                LOG.debug("DEK store {}: replaced the entry of entity '{}'", layout, id);
                return true;
            } finally {
                open.unlock();
            }
        } catch (IOException e) {
            throw ioFailure("replace the entry of", id, e);
        } finally {
            writes.unlock();
        }
    }

    @Override
    public List<String> ids() {
        ReentrantReadWriteLock.ReadLock open = enter();
        try {
            return listIds(layout.generationDir(generation));
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "could not list DEK store " + layout, e);
        } finally {
            open.unlock();
        }
    }

    @Override
    public DekReplacement beginReplaceAll() {
        writes.lock();
        try {
            return new FileReplacement();
        } catch (IOException e) {
            writes.unlock();
            throw new KmsException(KmsErrorCode.INTERNAL, "could not start replacing the entries of DEK store " + layout, e);
        } catch (RuntimeException | Error e) {
            writes.unlock();
            throw e;
        }
    }

    /** Releases the lock; waits for writes and a replacement in progress. Idempotent. */
    @Override
    public void close() {
        writes.lock();
        try {
            lifecycle.writeLock().lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                lock.close();
                LOG.debug("closed DEK store {}", layout);
            } finally {
                lifecycle.writeLock().unlock();
            }
        } finally {
            writes.unlock();
        }
    }

    @Override
    public String toString() {
        return "FileDekStore[" + layout + "]";
    }

    // ---- replacement -------------------------------------------------------------------------

    /** Runs on the thread that began it, which holds {@link #writes} until {@link #close()}. */
    private final class FileReplacement implements DekReplacement {
        private final long from;
        private final long to;
        private final List<DekEntry> entries;
        private final Map<String, DekEntry> byId = new HashMap<>();
        private final Set<String> staged = new HashSet<>();
        private boolean committed;
        private boolean abandoned;
        private boolean closedReplacement;

        FileReplacement() throws IOException {
            ReentrantReadWriteLock.ReadLock open = enter();
            try {
                from = generation;
                to = from + 1;
                List<DekEntry> all = new ArrayList<>();
                for (String id : listIds(layout.generationDir(from))) {
                    DekEntry e = readEntry(layout.entryFile(from, id), id)
                            .orElseThrow(() -> new KmsException(KmsErrorCode.INTERNAL, "entry '" + id + "' vanished"));
                    all.add(e);
                    byId.put(id, e);
                }
                entries = Collections.unmodifiableList(all);
                // Leftovers of an earlier replacement in this process that stopped like a crash:
                // before its switch (staging, backup of this generation) or after it (the old
                // generation and its backup).
                AtomicFiles.deleteRecursively(layout.generationDir(to));
                AtomicFiles.delete(layout.backupFile(from));
                if (from > 1) {
                    AtomicFiles.deleteRecursively(layout.generationDir(from - 1));
                    AtomicFiles.delete(layout.backupFile(from - 1));
                }
                AtomicFiles.write(layout.backupFile(from), DekEntryCodec.encodeAll(entries));
                AtomicFiles.createDirectory(layout.generationDir(to));
            } finally {
                open.unlock();
            }
            step(ReplaceStep.BACKUP_WRITTEN);
        }

        @Override
        public List<DekEntry> entries() {
            return entries;
        }

        @Override
        public void stage(DekEntry replacement) {
            Objects.requireNonNull(replacement, "replacement");
            requireActive();
            DekEntry original = byId.get(replacement.entityId());
            if (original == null) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "entity '" + replacement.entityId() + "' is not part of this replacement");
            }
            requireSameDek(original, replacement);
            try {
                AtomicFiles.write(layout.entryFile(to, replacement.entityId()), DekEntryCodec.encode(replacement));
            } catch (IOException e) {
                throw ioFailure("stage the entry of", replacement.entityId(), e);
            }
            staged.add(replacement.entityId());
            step(ReplaceStep.ENTRY_STAGED);
        }

        @Override
        public Optional<DekEntry> readStaged(String entityId) {
            EntityIds.require(entityId);
            requireActive();
            try {
                return readEntry(layout.entryFile(to, entityId), entityId);
            } catch (IOException e) {
                throw ioFailure("read the staged entry of", entityId, e);
            }
        }

        @Override
        public void commit() {
            requireActive();
            if (staged.size() != byId.size()) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, (byId.size() - staged.size())
                        + " of " + byId.size() + " entries have not been staged; nothing was switched");
            }
            step(ReplaceStep.STAGING_COMPLETE);
            lifecycle.writeLock().lock();
            try {
                requireOpen();
                StoreManifest.write(layout, to);
                generation = to;
            } catch (IOException e) {
                throw new KmsException(KmsErrorCode.INTERNAL, "could not switch DEK store " + layout
                        + " to its re-wrapped entries; the old entries are still in use", e);
            } finally {
                lifecycle.writeLock().unlock();
            }
            committed = true;
            LOG.info("DEK store {}: switched to re-wrapped entries (generation {})", layout, to);
            step(ReplaceStep.SWITCHED);
            try {
                AtomicFiles.deleteRecursively(layout.generationDir(from));
                AtomicFiles.delete(layout.backupFile(from));
            } catch (IOException e) {
                // The switch is done; the next open removes what is left.
                LOG.warn("DEK store {}: could not remove the old entries and backup ({}); they are removed at the next open",
                        layout, e.toString());
                return;
            }
            step(ReplaceStep.BACKUP_REMOVED);
        }

        @Override
        public void close() {
            if (closedReplacement) {
                return;
            }
            closedReplacement = true;
            try {
                if (!committed && !abandoned) {
                    try {
                        AtomicFiles.deleteRecursively(layout.generationDir(to));
                        AtomicFiles.delete(layout.backupFile(from));
                        LOG.info("DEK store {}: replacement abandoned; the entries are unchanged", layout);
                    } catch (IOException e) {
                        LOG.warn("DEK store {}: could not remove a discarded staging area ({}); it is removed at the next open",
                                layout, e.toString());
                    }
                }
            } finally {
                writes.unlock();
            }
        }

        private void requireActive() {
            if (committed || closedReplacement || abandoned) {
                throw new IllegalStateException("this replacement has ended");
            }
        }

        private void step(ReplaceStep step) {
            try {
                stepListener.after(step);
            } catch (RuntimeException | Error e) {
                abandoned = true;
                throw e;
            }
        }
    }

    private static void requireSameEntity(DekEntry a, DekEntry b) {
        if (!a.entityId().equals(b.entityId())) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "a replacement must be for the same entity ('" + a.entityId() + "' vs '" + b.entityId() + "')");
        }
    }

    /** A re-wrap changes how a DEK is wrapped, never which DEK an entry holds. */
    static void requireSameDek(DekEntry original, DekEntry replacement) {
        if (original.generation() != replacement.generation() || original.algorithm() != replacement.algorithm()
                || !original.createdAt().equals(replacement.createdAt())) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "the replacement of entity '" + original.entityId()
                    + "' must keep its generation, algorithm and creation time");
        }
    }

    // ---- files -------------------------------------------------------------------------------

    private Optional<DekEntry> readEntry(Path file, String entityId) throws IOException {
        byte[] content;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            content = in.readNBytes(DekEntryCodec.MAX_ENTRY_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(DekEntryCodec.decode(content, "'" + entityId + "' in " + layout));
    }

    /**
     * Whether an entry read from the file of {@code entityId} is that entity's. An entry of an id
     * that differs only in case is another entity's (a case-insensitive file system), any other
     * mismatch means the file was moved or copied: refused.
     */
    private boolean matches(DekEntry found, String entityId) {
        if (found.entityId().equals(entityId)) {
            return true;
        }
        if (found.entityId().equalsIgnoreCase(entityId)) {
            return false;
        }
        throw new KmsException(KmsErrorCode.INTEGRITY, "the entry file of entity '" + entityId + "' in " + layout
                + " holds the entry of entity '" + found.entityId() + "'");
    }

    private static List<String> listIds(Path generationDir) throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(generationDir)) {
            for (Path p : stream) {
                StoreLayout.entityIdOf(p.getFileName().toString())
                        .filter(id -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .ifPresent(ids::add);
            }
        }
        Collections.sort(ids);
        return ids;
    }

    private ReentrantReadWriteLock.ReadLock enter() {
        ReentrantReadWriteLock.ReadLock open = lifecycle.readLock();
        open.lock();
        if (closed) {
            open.unlock();
            throw new IllegalStateException("DEK store " + layout + " is closed");
        }
        return open;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("DEK store " + layout + " is closed");
        }
    }

    private KmsException ioFailure(String operation, String entityId, IOException e) {
        return new KmsException(KmsErrorCode.INTERNAL,
                "could not " + operation + " entity '" + entityId + "' in DEK store " + layout, e);
    }

    // ---- opening -----------------------------------------------------------------------------

    /** Opens a {@link FileDekStore}. Not thread-safe. */
    public static final class Builder {
        private final Path dir;
        private Duration lockWait = Duration.ZERO;
        private ReplaceStepListener stepListener = ReplaceStepListener.NONE;

        private Builder(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
        }

        /** How long to wait for another process's lock (default: fail at once). */
        public Builder lockWait(Duration wait) {
            if (wait == null || wait.isNegative()) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "lock wait must be zero or positive");
            }
            this.lockWait = wait;
            return this;
        }

        /** Observes replacement steps; see {@link ReplaceStepListener}. */
        public Builder replaceStepListener(ReplaceStepListener listener) {
            this.stepListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Opens the store, creating the directory and an empty store if need be, and finishes or
         * rolls back whatever an interrupted write or replacement left.
         *
         * @throws KmsException {@link KmsErrorCode#UNAVAILABLE} (not retryable) if it is locked;
         *     {@link KmsErrorCode#INVALID_ARGUMENT} if the directory holds something else;
         *     {@link KmsErrorCode#INTEGRITY} if the manifest or the current entries are missing
         */
        public FileDekStore open() {
            StoreLayout layout = new StoreLayout(dir);
            ensureDirectory(layout);
            DirectoryLock lock = layout.lock(lockWait);
            try {
                OptionalLong current = StoreManifest.read(layout);
                long generation;
                if (current.isEmpty()) {
                    StoreRecovery.prepareNew(layout);
                    generation = 1;
                    AtomicFiles.createDirectory(layout.generationDir(generation));
                    // The manifest commits the creation; without it the directory still counts as new.
                    StoreManifest.write(layout, generation);
                    LOG.info("created DEK store {}", layout);
                } else {
                    generation = current.getAsLong();
                    StoreRecovery.recover(layout, generation);
                }
                LOG.debug("opened DEK store {} (generation {})", layout, generation);
                return new FileDekStore(layout, lock, generation, stepListener);
            } catch (IOException e) {
                lock.close();
                throw new KmsException(KmsErrorCode.INTERNAL, "could not open DEK store " + layout, e);
            } catch (RuntimeException | Error e) {
                lock.close();
                throw e;
            }
        }

        private static void ensureDirectory(StoreLayout layout) {
            Path d = layout.dir();
            try {
                if (!Files.exists(d)) {
                    Files.createDirectories(d, OwnerOnlyPermissions.forDirectory());
                    if (d.getParent() != null) {
                        AtomicFiles.fsyncDirectory(d.getParent());
                    }
                } else if (!Files.isDirectory(d)) {
                    throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "DEK store path " + d + " is not a directory");
                } else if (OwnerOnlyPermissions.grantsGroupOrOthers(d)) {
                    LOG.warn("DEK store directory {} is accessible by group or others; restrict it to its owner (chmod 700)", d);
                }
                if (!OwnerOnlyPermissions.isPosix()) {
                    LOG.warn("DEK store {}: this file system has no POSIX permissions; its files are protected only by"
                            + " the platform's default access control", d);
                }
            } catch (IOException e) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "could not create DEK store directory " + d, e);
            }
        }
    }
}
