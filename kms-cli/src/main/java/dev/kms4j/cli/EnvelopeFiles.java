package dev.kms4j.cli;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * File plumbing for the envelope mode of {@code kms encrypt/decrypt}: opening inputs (file or
 * stdin, with a progress line for large files), detecting envelope messages, and writing outputs
 * through a temporary file that is renamed into place only when the whole result was written, so
 * a failed decryption never leaves a partial plaintext file behind. Stateless and thread-safe.
 */
final class EnvelopeFiles {
    /** First bytes of every envelope message ("KMSE"). */
    private static final byte[] MAGIC = {'K', 'M', 'S', 'E'};

    private EnvelopeFiles() {
    }

    /** Opens {@code source} (a file, or {@code -} for stdin) buffered, with progress for large files. */
    static InputStream open(CliIo io, String source, String what, String progressLabel) {
        if (Inputs.STDIN.equals(source)) {
            return new BufferedInputStream(io.stdin(), 1 << 16);
        }
        Path path = path(source, what);
        try {
            long size = Files.size(path);
            return new BufferedInputStream(Progress.wrap(Files.newInputStream(path), io.err(), progressLabel, size), 1 << 16);
        } catch (IOException e) {
            throw IoErrors.failed("read", what + " file '" + source + "'", e);
        }
    }

    /** Whether a buffered stream starts with the envelope magic; the stream is left unread. */
    static boolean isEnvelope(InputStream buffered) throws IOException {
        buffered.mark(MAGIC.length);
        byte[] head = buffered.readNBytes(MAGIC.length);
        buffered.reset();
        return java.util.Arrays.equals(head, MAGIC);
    }

    static Path path(String name, String what) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "invalid file name for the " + what);
        }
    }

    /** Something that writes the whole result into a stream. */
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes to stdout, or to {@code target} through an owner-only temporary file in the same
     * directory that is fsynced and renamed over {@code target} only after {@code writer}
     * succeeded (so the result file is owner-only too). On stdout, a failure part-way leaves what
     * was written: the exit code says to discard it.
     */
    static void write(CliIo io, String target, String what, Writer writer) throws IOException {
        if (Outputs.STDOUT.equals(target)) {
            io.out().flush();
            OutputStream stdout = new OutputStream() {
                @Override
                public void write(int b) {
                    io.writeStdout(new byte[] {(byte) b});
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    byte[] chunk = java.util.Arrays.copyOfRange(b, off, off + len);
                    try {
                        io.writeStdout(chunk);
                    } finally {
                        java.util.Arrays.fill(chunk, (byte) 0); // may be plaintext
                    }
                }
            };
            OutputStream buffered = new java.io.BufferedOutputStream(stdout, 1 << 16) {
                @Override
                public void close() throws IOException {
                    flush(); // never close the process's stdout
                }
            };
            writer.writeTo(buffered);
            buffered.flush();
            return;
        }
        Path path = path(target, what).toAbsolutePath();
        Path temp = temporarySibling(path);
        boolean done = false;
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE), 1 << 16)) {
                writer.writeTo(out);
            }
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** A new, owner-only temporary file next to {@code path}. */
    static Path temporarySibling(Path path) throws IOException {
        Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(dir, "." + path.getFileName() + ".", ".kms4j-tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createTempFile(dir, "." + path.getFileName() + ".", ".kms4j-tmp");
    }
}
