package dev.kms4j.envelope.store.internal;

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
 * Brings a DEK store directory back to its last committed state when it opens, under the lock.
 *
 * <p>With the manifest naming generation {@code g}:
 * <ul>
 *   <li>temporary files: deleted (the target keeps its previous content);</li>
 *   <li>{@code deks.<g+1>} and {@code backup.<g>.deks}: a re-wrap that had not switched;
 *       deleted, the store stays on {@code deks.<g>} (roll back);</li>
 *   <li>{@code deks.<g-1>} and {@code backup.<g-1>.deks}: a re-wrap that had switched but not
 *       yet cleaned up; deleted (roll forward);</li>
 *   <li>anything else: left alone with a warning, since deleting what we do not understand could
 *       lose keys.</li>
 * </ul>
 * Stateless and thread-safe; callers hold the store lock.
 */
public final class StoreRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRecovery.class);

    private StoreRecovery() {
    }

    /**
     * Removes the leftovers of interrupted writes and re-wraps around generation {@code current}.
     *
     * @throws KmsException {@link KmsErrorCode#INTEGRITY} if that generation's directory is missing
     */
    public static void recover(StoreLayout layout, long current) throws IOException {
        Path currentDir = layout.generationDir(current);
        if (!Files.isDirectory(currentDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new KmsException(KmsErrorCode.INTEGRITY, "DEK store " + layout + " is damaged: its entry directory "
                    + currentDir.getFileName() + " is missing; restore it from a backup");
        }
        deleteTempFiles(layout.dir());
        deleteTempFiles(currentDir);
        for (Path entry : entries(layout.dir())) {
            String name = entry.getFileName().toString();
            OptionalLong generation = StoreLayout.generationOf(name);
            OptionalLong backup = StoreLayout.backupGenerationOf(name);
            if (generation.isPresent() && generation.getAsLong() != current) {
                long g = generation.getAsLong();
                if (g == current + 1) {
                    LOG.info("DEK store {}: rolling back a re-wrap interrupted before its switch", layout);
                    AtomicFiles.deleteRecursively(entry);
                } else if (g == current - 1) {
                    LOG.info("DEK store {}: finishing a re-wrap interrupted after its switch (removing the old entries)", layout);
                    AtomicFiles.deleteRecursively(entry);
                } else {
                    LOG.warn("DEK store {}: unexpected directory {} left alone", layout, name);
                }
            } else if (backup.isPresent()) {
                long g = backup.getAsLong();
                if (g == current || g == current - 1) {
                    AtomicFiles.delete(entry);
                } else {
                    LOG.warn("DEK store {}: unexpected backup {} left alone", layout, name);
                }
            }
        }
    }

    /**
     * Prepares a directory without a manifest for a new store. It may be empty or hold what an
     * interrupted creation leaves (lock file, temporary files, empty generation directories).
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if it holds other files;
     *     {@link KmsErrorCode#INTEGRITY} if it holds entries or a backup but no manifest
     */
    public static void prepareNew(StoreLayout layout) throws IOException {
        List<Path> toDelete = new ArrayList<>();
        for (Path entry : entries(layout.dir())) {
            String name = entry.getFileName().toString();
            if (name.equals(StoreLayout.LOCK_FILE)) {
                continue;
            }
            if (AtomicFiles.isTempFile(name)) {
                toDelete.add(entry);
            } else if (StoreLayout.generationOf(name).isPresent() && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                if (!entries(entry).isEmpty()) {
                    throw new KmsException(KmsErrorCode.INTEGRITY, "DEK store " + layout + " holds entries but its "
                            + StoreLayout.MANIFEST_FILE + " is missing; restore it from a backup");
                }
                toDelete.add(entry);
            } else if (StoreLayout.backupGenerationOf(name).isPresent()) {
                throw new KmsException(KmsErrorCode.INTEGRITY, "DEK store " + layout + " holds a re-wrap backup but its "
                        + StoreLayout.MANIFEST_FILE + " is missing; restore it from a backup");
            } else {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "directory " + layout
                        + " is not empty and is not a kms4j DEK store; choose an empty or new directory");
            }
        }
        for (Path p : toDelete) {
            AtomicFiles.deleteRecursively(p);
        }
    }

    private static void deleteTempFiles(Path dir) throws IOException {
        boolean deleted = false;
        for (Path entry : entries(dir)) {
            if (AtomicFiles.isTempFile(entry.getFileName().toString()) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
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
