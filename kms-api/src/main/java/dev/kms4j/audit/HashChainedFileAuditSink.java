package dev.kms4j.audit;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.internal.audit.AuditChain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * An {@link AuditSink} that appends records to a file as a hash chain, so that
 * {@link AuditChainVerifier} (and {@code kms audit verify FILE}) can find any record that was
 * later edited, removed, inserted or reordered.
 *
 * <p>Format (JSON lines, UTF-8): line 1 is a header with a random file id; every further line is
 * {@code {"seq":N,"prev":"<hash of the line before>","record":{<AuditRecord#toJson()>},"hash":"<hash>"}},
 * where {@code hash} is the hex SHA-256 of the line without its {@code ,"hash":...} field. Record 1
 * chains to the header's hash.
 *
 * <p>Durability: each record is written with one {@code write} and forced to disk ({@code fsync})
 * after every record (default) or every {@link Builder#syncEvery(int) n} records; {@link #close()}
 * forces the rest. A new file is created owner-only ({@code 0600}) where the file system supports
 * POSIX permissions. Opening an existing file verifies it first and continues its chain; a broken
 * file is refused ({@link KmsErrorCode#INTEGRITY}) so that new records never hide old damage:
 * move it aside and start a new file.
 *
 * <p>One writer per file: the sink holds an exclusive lock on the file while open, and a second
 * sink on the same file (in this or another process) fails with {@link KmsErrorCode#UNAVAILABLE}.
 * Thread-safe
 * (records are appended one at a time). Records hold no secrets. Close it after closing the
 * {@code KmsManager} that uses it.
 */
public final class HashChainedFileAuditSink implements AuditSink, AutoCloseable {
    private final Path file;
    private final int syncEvery;
    /** Taken before {@code this} when both are needed; guards {@link #syncedThrough}. */
    private final Object syncLock = new Object();
    /** Records with a sequence number up to this are on disk. */
    private long syncedThrough;
    private final FileChannel channel;
    private long nextSeq;
    private String prev;
    private int unsynced;
    private boolean failed;
    private boolean closed;

    private HashChainedFileAuditSink(Builder b) {
        this.file = b.file;
        this.syncEvery = b.syncEvery;
        FileChannel ch = null;
        try {
            boolean created = createOwnerOnly(file);
            ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            lockOrFail(ch);
            this.channel = ch;
            if (created || ch.size() == 0) {
                String header = AuditChain.header(randomFileId(), Instant.now().toString());
                write(header + "\n");
                ch.force(true);
                this.prev = hashOf(header);
                this.nextSeq = 1;
            } else {
                AuditChainVerifier.Result r = AuditChainVerifier.verify(file);
                if (!r.ok() || !endsWithNewline(file)) {
                    throw new KmsException(KmsErrorCode.INTEGRITY, "audit file " + file + " is broken ("
                            + (r.ok() ? "last line has no line break" : "line " + r.failedLine() + ": "
                            + r.reason().orElse("")) + "); move it aside to start a new chain");
                }
                this.prev = r.lastHash().orElseThrow();
                this.nextSeq = r.records() + 1;
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch, e);
            if (e instanceof IOException) {
                throw ioFailure("open", (IOException) e);
            }
            throw (RuntimeException) e;
        }
    }

    /** A second writer would interleave lines and break the chain: refuse it. */
    private void lockOrFail(FileChannel ch) throws IOException {
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new KmsException(KmsErrorCode.UNAVAILABLE, "audit file " + file + " is already open for writing");
        }
    }

    private static void closeQuietly(FileChannel ch, Exception failure) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
        }
    }

    /** Starts a builder for {@code file}. */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** Opens {@code file} with the defaults (fsync after every record). */
    public static HashChainedFileAuditSink open(Path file) {
        return builder(file).open();
    }

    private static boolean createOwnerOnly(Path file) throws IOException {
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            return last.get(0) == '\n';
        }
    }

    private static String randomFileId() {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String hashOf(String line) {
        // Every line ends with "hash":"<64 hex>"} (see AuditChain).
        return line.substring(line.length() - 66, line.length() - 2);
    }

    /**
     * Appends {@code record} and, per the sync setting, forces it to disk before returning.
     *
     * <p>Concurrent callers share forces (group commit): lines are appended one at a time, but a
     * caller whose line a force by another thread has already covered returns without forcing
     * again, so many threads do not queue behind one {@code fsync} each.
     *
     * @throws KmsException {@link KmsErrorCode#INTERNAL} if the write fails; the sink then refuses
     *     every later record, since a half-written line has broken the chain
     */
    @Override
    public void record(AuditRecord record) {
        String json = record.toJson(); // rendered outside the lock
        long seq;
        boolean mustSync;
        synchronized (this) {
            if (closed) {
                throw new KmsException(KmsErrorCode.INTERNAL, "audit file " + file + " is closed");
            }
            if (failed) {
                throw new KmsException(KmsErrorCode.INTERNAL, "audit file " + file + " failed earlier; records are refused");
            }
            String line = AuditChain.recordLine(nextSeq, prev, json);
            try {
                write(line + "\n");
            } catch (IOException e) {
                failed = true;
                throw ioFailure("append to", e);
            }
            prev = hashOf(line);
            seq = nextSeq++;
            mustSync = ++unsynced >= syncEvery;
            if (mustSync) {
                unsynced = 0;
            }
        }
        if (mustSync) {
            syncThrough(seq);
        }
    }

    /** Returns once every line up to {@code seq} is on disk, forcing the file unless another thread already did. */
    private void syncThrough(long seq) {
        synchronized (syncLock) {
            if (syncedThrough >= seq) {
                return;
            }
            long target;
            synchronized (this) {
                if (closed) {
                    return; // close() forced the file
                }
                target = nextSeq - 1;
            }
            try {
                channel.force(false);
            } catch (ClosedChannelException e) {
                return; // closed after the check above: close() forced the file first
            } catch (IOException e) {
                synchronized (this) {
                    failed = true;
                }
                throw ioFailure("sync", e);
            }
            syncedThrough = target;
        }
    }

    private void write(String text) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /** Records appended so far, including those in the file when it was opened. */
    public synchronized long records() {
        return nextSeq - 1;
    }

    /**
     * The hash of the last line written. Keep it somewhere else from time to time (a log, a
     * monitoring system): it lets {@link AuditChainVerifier} users detect records cut off the end.
     */
    public synchronized String lastHash() {
        return prev;
    }

    /** Forces unsynced records to disk and closes the file. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!failed) {
                channel.force(false);
            }
            channel.close();
        } catch (IOException e) {
            throw ioFailure("close", e);
        }
    }

    private KmsException ioFailure(String action, IOException e) {
        return new KmsException(KmsErrorCode.INTERNAL, "cannot " + action + " audit file " + file + ": "
                + e.getClass().getSimpleName(), e);
    }

    @Override
    public String toString() {
        return "HashChainedFileAuditSink[" + file + "]";
    }

    /** Builds a {@link HashChainedFileAuditSink}. Not thread-safe. */
    public static final class Builder {
        private final Path file;
        private int syncEvery = 1;

        private Builder(Path file) {
            if (file == null) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "audit file must not be null");
            }
            this.file = file;
        }

        /**
         * Forces the file to disk after every {@code n} records (default 1: after each). A larger
         * {@code n} is faster; a crash may then lose up to {@code n - 1} records (and leave a
         * truncated last line, which the verifier reports).
         */
        public Builder syncEvery(int n) {
            if (n < 1) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "syncEvery must be at least 1");
            }
            this.syncEvery = n;
            return this;
        }

        /**
         * Opens (creating it 0600 if absent) and, for an existing file, verifies the chain.
         *
         * @throws KmsException {@link KmsErrorCode#INTEGRITY} if an existing file is broken,
         *     {@link KmsErrorCode#INTERNAL} if it cannot be created, read or opened
         */
        public HashChainedFileAuditSink open() {
            return new HashChainedFileAuditSink(this);
        }
    }
}
