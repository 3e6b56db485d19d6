package dev.kms4j.envelope.store.internal;

import dev.kms4j.internal.files.OwnerOnlyPermissions;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The exclusive lock on a DEK store directory: an OS file lock on {@code <dir>/.lock}, held from
 * open to close, so that one process (and one store object within it) uses a store at a time.
 *
 * <p>Locks held in this JVM are also kept in a static registry that is checked <em>before</em> the
 * lock file is opened: on POSIX systems closing <em>any</em> descriptor of a file drops every lock
 * the process holds on it, so a second attempt in this JVM must not even open the file. The lock
 * file is never deleted (deleting it would let two processes lock two different files). Same
 * design as the local keystore's lock; copied because that one is another module's internal.
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public final class StoreLock implements AutoCloseable {
    private static final ConcurrentMap<Path, StoreLock> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 50;

    private final Path registryKey;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private StoreLock(Path registryKey, FileChannel channel, FileLock lock) {
        this.registryKey = registryKey;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the store in {@code dir} (which must exist), waiting up to {@code wait}.
     *
     * @throws KmsException {@link KmsErrorCode#UNAVAILABLE} (not retryable) if another process or
     *     another open store in this JVM still holds it when the wait is over
     */
    public static StoreLock acquire(StoreLayout layout, Duration wait) {
        Path registryKey;
        try {
            registryKey = layout.dir().toRealPath();
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "DEK store directory " + layout + " is not accessible", e);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            StoreLock acquired = tryAcquire(layout, registryKey);
            if (acquired != null) {
                return acquired;
            }
            long remainingNanos = deadline - System.nanoTime();
            if (remainingNanos <= 0) {
                throw KmsException.builder(KmsErrorCode.UNAVAILABLE,
                                "DEK store " + layout + " is locked by another process or another open store")
                        .retryable(false)
                        .build();
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(remainingNanos))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw KmsException.builder(KmsErrorCode.UNAVAILABLE, "interrupted while waiting for the lock of DEK store " + layout)
                        .retryable(false).cause(e).build();
            }
        }
    }

    private static StoreLock tryAcquire(StoreLayout layout, Path registryKey) {
        StoreLock placeholder = new StoreLock(registryKey, null, null);
        if (HELD_IN_THIS_JVM.putIfAbsent(registryKey, placeholder) != null) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(layout.lockFile(),
                    EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), OwnerOnlyPermissions.forFile());
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                HELD_IN_THIS_JVM.remove(registryKey, placeholder);
                return null;
            }
            StoreLock acquired = new StoreLock(registryKey, channel, lock);
            HELD_IN_THIS_JVM.replace(registryKey, placeholder, acquired);
            return acquired;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(registryKey, placeholder);
            throw new KmsException(KmsErrorCode.INTERNAL, "could not lock DEK store " + layout, e);
        }
    }

    /** Releases the lock. Idempotent. */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it as well.
        }
        closeQuietly(channel);
        HELD_IN_THIS_JVM.remove(registryKey, this);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // The OS releases the lock when the process exits.
        }
    }
}
