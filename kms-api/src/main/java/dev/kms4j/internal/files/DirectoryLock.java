package dev.kms4j.internal.files;

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
 * The exclusive lock on a store directory (the local keystore, the DEK store): an OS file lock on
 * a lock file in it, held from open to close, so that only one process (and one store object
 * within a process) uses the directory.
 *
 * <p>Locks held in this JVM are also tracked in a static registry, checked <em>before</em> the
 * lock file is opened. That matters because on POSIX systems closing <em>any</em> descriptor of a
 * file drops every lock the process holds on it, so a second attempt in the same JVM must not even
 * open and close the lock file. The lock file itself is never deleted (deleting a lock file lets
 * two processes lock two different files).
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public final class DirectoryLock implements AutoCloseable {
    private static final ConcurrentMap<Path, DirectoryLock> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 50;

    private final Path registryKey;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private DirectoryLock(Path registryKey, FileChannel channel, FileLock lock) {
        this.registryKey = registryKey;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the store directory {@code dir} through {@code lockFile}, waiting up to
     * {@code wait} (polling) if someone else holds it. The directory must exist. {@code what}
     * names the store in messages, for example {@code "keystore /var/lib/keys"}.
     *
     * @throws KmsException {@code UNAVAILABLE} (not retryable) if the lock is still held when the
     *     wait is over
     */
    public static DirectoryLock acquire(Path dir, Path lockFile, String what, Duration wait) {
        Path registryKey;
        try {
            registryKey = dir.toRealPath();
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, what + ": directory is not accessible", e);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            DirectoryLock acquired = tryAcquire(lockFile, what, registryKey);
            if (acquired != null) {
                return acquired;
            }
            long remainingNanos = deadline - System.nanoTime();
            if (remainingNanos <= 0) {
                throw KmsException.builder(KmsErrorCode.UNAVAILABLE,
                                what + " is locked by another process or another open store")
                        .retryable(false)
                        .build();
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(remainingNanos))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw KmsException.builder(KmsErrorCode.UNAVAILABLE,
                                "interrupted while waiting for the lock of " + what)
                        .retryable(false)
                        .cause(e)
                        .build();
            }
        }
    }

    /** One attempt; {@code null} if someone holds the lock. */
    private static DirectoryLock tryAcquire(Path lockFile, String what, Path registryKey) {
        DirectoryLock placeholder = new DirectoryLock(registryKey, null, null);
        if (HELD_IN_THIS_JVM.putIfAbsent(registryKey, placeholder) != null) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile,
                    EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), OwnerOnlyPermissions.forFile());
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Cannot happen while the registry works, but never treat it as "acquired".
                lock = null;
            }
            if (lock == null) {
                channel.close();
                HELD_IN_THIS_JVM.remove(registryKey, placeholder);
                return null;
            }
            DirectoryLock acquired = new DirectoryLock(registryKey, channel, lock);
            HELD_IN_THIS_JVM.replace(registryKey, placeholder, acquired);
            return acquired;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(registryKey, placeholder);
            throw new KmsException(KmsErrorCode.INTERNAL, "could not lock " + what, e);
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
            // Nothing useful to do: the OS releases the lock when the process exits.
        }
    }
}
