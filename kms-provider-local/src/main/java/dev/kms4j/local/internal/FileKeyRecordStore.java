package dev.kms4j.local.internal;

import dev.kms4j.internal.files.DirectoryLock;
import dev.kms4j.internal.files.AtomicFiles;
import dev.kms4j.internal.files.OwnerOnlyPermissions;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyRecordStore} in a keystore directory: one file per key, AES-256-GCM encrypted under
 * the master key (see {@link RecordCipher} for the file format, {@link KeystoreLayout} for the
 * directory layout).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>every write is atomic and durable ({@link AtomicFiles}): after a crash a key file holds
 *       its old or its new record, and temporary files are removed on the next open;</li>
 *   <li>the directory is locked ({@link DirectoryLock}) from open to close against other processes
 *       and other stores in this JVM;</li>
 *   <li>a wrong master key is refused with {@code UNAUTHENTICATED} before any key file is read,
 *       by comparing check values with the metadata;</li>
 *   <li>a damaged key file gives {@code INTEGRITY} naming that key; other keys keep working;</li>
 *   <li>files are created 0600 and directories 0700 where POSIX permissions exist.</li>
 * </ul>
 *
 * <p>Records are secret: {@link #read} returns a fresh array for the caller to zero; arrays given
 * to {@link #create} and {@link #replace} are only read. Key ids are logged at DEBUG, never with
 * any record content.
 *
 * <p>Thread-safe: writes to one key id are serialized by a striped lock, reads need no lock
 * because a key file is only ever replaced by an atomic rename, and {@link #close()} waits for
 * operations in flight.
 */
public final class FileKeyRecordStore implements KeyRecordStore {
    /** Setting: how long to wait for another process's lock; a duration, default 0. */
    public static final String LOCK_WAIT = "lock-wait";
    /** Environment variable for {@link #LOCK_WAIT}. */
    public static final String LOCK_WAIT_ENV = "KMS4J_LOCAL_LOCK_WAIT";
    /** Largest record accepted; a key with many versions of large RSA keys stays far below. */
    static final int MAX_RECORD_SIZE = 16 * 1024 * 1024;
    private static final int MAX_FILE_SIZE = MAX_RECORD_SIZE + 1024;
    private static final int STRIPES = 64;
    private static final Logger LOG = LoggerFactory.getLogger(FileKeyRecordStore.class);

    private final KeystoreLayout layout;
    private final long generation;
    private final RecordCipher cipher;
    private final DirectoryLock lock;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final ReentrantLock[] writeStripes = new ReentrantLock[STRIPES];
    private boolean closed;

    private FileKeyRecordStore(KeystoreLayout layout, long generation, RecordCipher cipher, DirectoryLock lock) {
        this.layout = layout;
        this.generation = generation;
        this.cipher = cipher;
        this.lock = lock;
        for (int i = 0; i < STRIPES; i++) {
            writeStripes[i] = new ReentrantLock();
        }
    }

    /**
     * Opens the keystore at {@code dir}, creating it (directory, metadata, and
     * {@code master.key} if so configured) if it does not exist. The master key comes from
     * {@code config} as {@link MasterKeyResolver} describes; {@value #LOCK_WAIT} says how long to
     * wait for the lock.
     *
     * @throws KmsException {@code UNAVAILABLE} (not retryable) if the keystore is locked;
     *     {@code UNAUTHENTICATED} if the master key does not match; {@code INVALID_ARGUMENT} if no
     *     master key is configured or {@code dir} cannot be a keystore; {@code INTEGRITY} if the
     *     metadata is damaged
     */
    public static FileKeyRecordStore open(Path dir, ProviderConfig config) {
        KeystoreLayout layout = new KeystoreLayout(dir);
        Duration lockWait = config.getDuration(LOCK_WAIT, LOCK_WAIT_ENV).orElse(Duration.ZERO);
        ensureDirectory(layout);
        DirectoryLock lock = layout.lock(lockWait);
        try {
            Optional<KeystoreMetadata> existing = KeystoreMetadata.read(layout);
            if (existing.isEmpty()) {
                KeystoreRecovery.prepareNew(layout);
            }
            try (MasterKeyResolver.Resolved resolved = MasterKeyResolver.resolve(config, layout, existing)) {
                KeystoreMetadata metadata;
                RecordCipher cipher;
                if (existing.isPresent()) {
                    metadata = existing.get();
                    if (!metadata.matches(resolved.key())) {
                        throw wrongMasterKey(layout);
                    }
                    KeystoreRecovery.recover(layout, metadata);
                    cipher = RecordCipher.create(resolved.key());
                } else {
                    cipher = RecordCipher.create(resolved.key());
                    metadata = KeystoreMetadata.of(1, cipher.checkValue(), resolved.kdf());
                    AtomicFiles.createDirectory(layout.generationDir(metadata.generation()));
                    // Writing the metadata commits the creation; before it, the directory counts as new.
                    metadata.write(layout);
                    LOG.info("created keystore {}", layout);
                }
                FileKeyRecordStore store =
                        new FileKeyRecordStore(layout, metadata.generation(), cipher, lock);
                LOG.debug("opened keystore {} (generation {})", layout, metadata.generation());
                return store;
            }
        } catch (IOException e) {
            lock.close();
            throw new KmsException(KmsErrorCode.INTERNAL, "could not open keystore " + layout, e);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    /** The error for a master key whose check value differs from the keystore's. */
    static KmsException wrongMasterKey(KeystoreLayout layout) {
        return new KmsException(KmsErrorCode.UNAUTHENTICATED, "master key does not match the keystore at " + layout);
    }

    private static void ensureDirectory(KeystoreLayout layout) {
        Path dir = layout.dir();
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, OwnerOnlyPermissions.forDirectory());
                if (dir.getParent() != null) {
                    AtomicFiles.fsyncDirectory(dir.getParent());
                }
            } else if (!Files.isDirectory(dir)) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "keystore path " + dir + " is not a directory");
            } else if (OwnerOnlyPermissions.grantsGroupOrOthers(dir)) {
                LOG.warn("keystore directory {} is accessible by group or others; restrict it to its owner (chmod 700)",
                        dir);
            }
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "could not create keystore directory " + dir, e);
        }
    }

    @Override
    public Optional<byte[]> read(String keyId) {
        Path file = layout.keyFile(generation, keyId);
        ReentrantReadWriteLock.ReadLock open = enter();
        try {
            byte[] content;
            try {
                content = readKeyFile(file, keyId);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            return Optional.of(cipher.open(keyId, content));
        } catch (IOException e) {
            throw ioFailure("read", keyId, e);
        } finally {
            open.unlock();
        }
    }

    @Override
    public void create(String keyId, byte[] record) {
        write(keyId, record, true);
    }

    @Override
    public void replace(String keyId, byte[] record) {
        write(keyId, record, false);
    }

    private void write(String keyId, byte[] record, boolean create) {
        Path file = layout.keyFile(generation, keyId);
        if (record.length > MAX_RECORD_SIZE) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "record of key '" + keyId + "' is larger than " + MAX_RECORD_SIZE + " bytes");
        }
        ReentrantReadWriteLock.ReadLock open = enter();
        ReentrantLock stripe = stripe(keyId);
        stripe.lock();
        try {
            boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            if (create && exists) {
                throw new KmsException(KmsErrorCode.ALREADY_EXISTS, "key '" + keyId + "' already exists");
            }
            if (!create && !exists) {
                throw new KmsException(KmsErrorCode.NOT_FOUND, "key '" + keyId + "' does not exist");
            }
            AtomicFiles.write(file, cipher.seal(keyId, record));
            LOG.debug("keystore {}: {} key '{}'", layout, create ? "created" : "replaced", keyId);
        } catch (IOException e) {
            throw ioFailure(create ? "create" : "replace", keyId, e);
        } finally {
            stripe.unlock();
            open.unlock();
        }
    }

    @Override
    public void delete(String keyId) {
        Path file = layout.keyFile(generation, keyId);
        ReentrantReadWriteLock.ReadLock open = enter();
        ReentrantLock stripe = stripe(keyId);
        stripe.lock();
        try {
            if (AtomicFiles.delete(file)) {
                LOG.debug("keystore {}: deleted key '{}'", layout, keyId);
            }
        } catch (IOException e) {
            throw ioFailure("delete", keyId, e);
        } finally {
            stripe.unlock();
            open.unlock();
        }
    }

    @Override
    public List<String> list() {
        ReentrantReadWriteLock.ReadLock open = enter();
        try {
            return listKeyIds(layout.generationDir(generation));
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "could not list the keys of keystore " + layout, e);
        } finally {
            open.unlock();
        }
    }

    /**
     * The (encrypted, not secret) content of a key file, bounded in size.
     *
     * @throws KmsException {@code INTEGRITY} if the file is larger than any record can make it
     */
    static byte[] readKeyFile(Path file, String keyId) throws IOException {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_FILE_SIZE + 1);
        }
        if (content.length > MAX_FILE_SIZE) {
            throw new KmsException(KmsErrorCode.INTEGRITY, "stored key '" + keyId + "' is too large");
        }
        return content;
    }

    /** The ids of the key files in a generation directory, sorted. */
    static List<String> listKeyIds(Path generationDir) throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(generationDir)) {
            for (Path entry : entries) {
                KeystoreLayout.keyIdOf(entry.getFileName().toString())
                        .filter(id -> Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS))
                        .ifPresent(ids::add);
            }
        }
        Collections.sort(ids);
        return ids;
    }

    /** Releases the keystore lock. Waits for operations in flight; idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            lock.close();
            LOG.debug("closed keystore {}", layout);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "FileKeyRecordStore[" + layout + "]";
    }

    private ReentrantReadWriteLock.ReadLock enter() {
        ReentrantReadWriteLock.ReadLock open = lifecycle.readLock();
        open.lock();
        if (closed) {
            open.unlock();
            throw new IllegalStateException("keystore " + layout + " is closed");
        }
        return open;
    }

    private ReentrantLock stripe(String keyId) {
        return writeStripes[Math.floorMod(keyId.hashCode(), STRIPES)];
    }

    private KmsException ioFailure(String operation, String keyId, IOException e) {
        return new KmsException(KmsErrorCode.INTERNAL,
                "could not " + operation + " key '" + keyId + "' in keystore " + layout, e);
    }
}
