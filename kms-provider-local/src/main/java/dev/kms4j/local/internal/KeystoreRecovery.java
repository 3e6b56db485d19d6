package dev.kms4j.local.internal;

import dev.kms4j.internal.files.AtomicFiles;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a keystore directory back to its last committed state after a crash, under the keystore
 * lock and only once the master key has been verified against the metadata.
 *
 * <p>What a crash can leave behind, and what happens to it:
 * <ul>
 *   <li>temporary files ({@code .*.tmp}) of interrupted writes: deleted; the target file still
 *       has its previous content;</li>
 *   <li>{@code keys.<g+1>} beside a committed generation {@code g}: the staging area of a
 *       master-key rotation interrupted before its commit; deleted (the rotation is rolled back
 *       and can be run again);</li>
 *   <li>{@code keys.<g-1>}: the backup of the previous generation, kept by a rotation that
 *       committed but had not yet removed it; deleted (the rotation is finished);</li>
 *   <li>any other generation directory: left alone with a warning, because nothing this code
 *       writes produces one and deleting what we do not understand could lose keys.</li>
 * </ul>
 * Stateless and thread-safe; callers hold the keystore lock.
 */
public final class KeystoreRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(KeystoreRecovery.class);

    private KeystoreRecovery() {
    }

    /**
     * Removes the leftovers of interrupted writes and rotations around the committed state
     * {@code metadata}.
     *
     * @throws KmsException {@code INTEGRITY} if the current generation's directory is missing
     */
    public static void recover(KeystoreLayout layout, KeystoreMetadata metadata) throws IOException {
        long current = metadata.generation();
        Path currentDir = layout.generationDir(current);
        if (!Files.isDirectory(currentDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new KmsException(KmsErrorCode.INTEGRITY,
                    "keystore " + layout + " is damaged: its key directory " + currentDir.getFileName() + " is missing");
        }
        deleteTempFiles(layout.dir());
        deleteTempFiles(currentDir);
        for (Path entry : entries(layout.dir())) {
            OptionalLong generation = KeystoreLayout.generationOf(entry.getFileName().toString());
            if (generation.isEmpty() || generation.getAsLong() == current) {
                continue;
            }
            long g = generation.getAsLong();
            if (g == current + 1) {
                LOG.info("keystore {}: rolling back a master-key rotation interrupted before its commit", layout);
                AtomicFiles.deleteRecursively(entry);
            } else if (g == current - 1) {
                LOG.info("keystore {}: finishing a committed master-key rotation (removing the old key files)", layout);
                AtomicFiles.deleteRecursively(entry);
            } else {
                LOG.warn("keystore {}: unexpected directory {} left alone", layout, entry.getFileName());
            }
        }
    }

    /**
     * Prepares a directory without metadata for a new keystore. It may be empty or hold what an
     * interrupted creation leaves (lock file, temporary files, {@code master.key}, empty
     * generation directories), which is cleaned up; anything else means this is not a directory
     * to create a keystore in.
     *
     * @throws KmsException {@code INVALID_ARGUMENT} if the directory holds foreign files;
     *     {@code INTEGRITY} if it holds key files but no metadata (the metadata was lost)
     */
    public static void prepareNew(KeystoreLayout layout) throws IOException {
        List<Path> toDelete = new ArrayList<>();
        for (Path entry : entries(layout.dir())) {
            String name = entry.getFileName().toString();
            if (name.equals(KeystoreLayout.LOCK_FILE) || name.equals(KeystoreLayout.GENERATED_MASTER_KEY_FILE)) {
                continue;
            }
            if (AtomicFiles.isTempFile(name)) {
                toDelete.add(entry);
            } else if (KeystoreLayout.generationOf(name).isPresent()
                    && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                if (entries(entry).stream().anyMatch(p -> KeystoreLayout.keyIdOf(p.getFileName().toString()).isPresent())) {
                    throw new KmsException(KmsErrorCode.INTEGRITY, "keystore " + layout + " holds key files but its "
                            + KeystoreLayout.METADATA_FILE + " is missing; restore it from a backup");
                }
                toDelete.add(entry);
            } else {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "directory " + layout
                        + " is not empty and is not a kms4j keystore; choose an empty or new directory");
            }
        }
        for (Path p : toDelete) {
            AtomicFiles.deleteRecursively(p);
        }
    }

    private static void deleteTempFiles(Path dir) throws IOException {
        boolean deleted = false;
        for (Path entry : entries(dir)) {
            if (AtomicFiles.isTempFile(entry.getFileName().toString())
                    && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(entry);
                deleted = true;
            }
        }
        if (deleted) {
            AtomicFiles.fsyncDirectory(dir);
        }
    }

    private static List<Path> entries(Path dir) throws IOException {
        List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(result::add);
        }
        return result;
    }
}
