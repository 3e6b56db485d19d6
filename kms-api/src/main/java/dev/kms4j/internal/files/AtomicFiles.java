package dev.kms4j.internal.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Crash-safe file operations: after a crash (even a power loss) a file written here is either its
 * old or its new content, never a mix, and a completed write or delete survives.
 *
 * <p>A write goes to a temporary file in the same directory (created owner-only), which is
 * flushed to the device ({@code fsync}), atomically renamed over the target, and then the
 * directory itself is flushed so that the rename is durable. Temporary files are named
 * {@code .<target>.<random>.tmp}; a crash can leave one behind, and {@link #isTempFile} lets the
 * store (a keystore, a DEK store) recognise and remove them when it next opens.
 *
 * <p>Hand-written because neither the JDK nor our dependencies offer a durable atomic replace.
 * Stateless and thread-safe; callers serialize writes to one target.
 */
public final class AtomicFiles {
    private static final String TEMP_SUFFIX = ".tmp";
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Whether a directory entry name is one of our temporary files. */
    public static boolean isTempFile(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(TEMP_SUFFIX);
    }

    /**
     * Writes {@code content} to {@code target} atomically and durably, replacing any existing
     * file. {@code content} may be secret: it is written only to the owner-only temporary file
     * and never copied.
     */
    public static void write(Path target, byte[] content) throws IOException {
        Path temp = writeTemp(target, content);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        fsyncDirectory(target.getParent());
    }

    /**
     * Like {@link #write} but fails with {@link FileAlreadyExistsException} if {@code target}
     * exists. The check and the rename are not one atomic step; callers hold the store lock
     * (or otherwise exclude other writers) where that matters.
     */
    public static void writeNew(Path target, byte[] content) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        write(target, content);
    }

    /**
     * Writes {@code content} to a fresh temporary file next to {@code target} and flushes it to
     * the device. Returns the temporary file.
     */
    private static Path writeTemp(Path target, byte[] content) throws IOException {
        Path dir = target.getParent();
        byte[] suffix = new byte[8];
        RANDOM.nextBytes(suffix);
        Path temp = dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(suffix) + TEMP_SUFFIX);
        boolean done = false;
        try (FileChannel channel = FileChannel.open(temp,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnlyPermissions.forFile())) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
            done = true;
        } finally {
            if (!done) {
                deleteQuietly(temp);
            }
        }
        return temp;
    }

    /**
     * Creates one directory, owner-only, and makes its entry in the parent durable.
     *
     * @throws FileAlreadyExistsException if it exists
     */
    public static void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir, OwnerOnlyPermissions.forDirectory());
        fsyncDirectory(dir.getParent());
    }

    /** Deletes a file if it exists and makes the deletion durable. Returns whether it existed. */
    public static boolean delete(Path file) throws IOException {
        boolean existed = Files.deleteIfExists(file);
        if (existed) {
            fsyncDirectory(file.getParent());
        }
        return existed;
    }

    /**
     * Deletes a directory and everything in it (symbolic links are removed, never followed) and
     * makes the deletion durable. No-op if it does not exist.
     */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    deleteRecursively(entry);
                }
            }
            fsyncDirectory(dir);
        }
        try {
            Files.delete(dir);
        } catch (NoSuchFileException e) {
            return;
        }
        fsyncDirectory(dir.getParent());
    }

    /**
     * Flushes a directory's entries (creations, renames, deletions) to the device. Skipped on
     * Windows, where a directory cannot be opened for this and NTFS journals renames itself.
     */
    public static void fsyncDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Best effort: a leftover temporary file is removed when the store next opens.
        }
    }
}
