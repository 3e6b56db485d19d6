package dev.kms4j.envelope.store.internal;

import java.time.Duration;
import dev.kms4j.internal.files.DirectoryLock;
import dev.kms4j.envelope.store.EntityIds;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where things live in a DEK store directory:
 *
 * <pre>
 * &lt;dir&gt;/
 *   .lock                   held by the one process using the store, never deleted
 *   dekstore.properties     manifest: format and current generation g; its atomic replacement
 *                           is the commit point of a re-wrap
 *   deks.&lt;g&gt;/&lt;id&gt;.dek       one entry file per entity
 *   deks.&lt;g+1&gt;/              staging area of a re-wrap in progress
 *   backup.&lt;g&gt;.deks          all entries of generation g, written before a re-wrap stages anything
 *   .*.tmp                  temporary files of interrupted writes, removed at open
 * </pre>
 *
 * Immutable and thread-safe.
 */
public final class StoreLayout {
    static final String MANIFEST_FILE = "dekstore.properties";
    static final String LOCK_FILE = ".lock";
    private static final String GENERATION_PREFIX = "deks.";
    private static final String BACKUP_PREFIX = "backup.";
    private static final String BACKUP_SUFFIX = ".deks";
    private static final String ENTRY_SUFFIX = ".dek";

    private final Path dir;

    /** The layout of the store in {@code dir} (made absolute and normalized). */
    public StoreLayout(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    }

    /** The store directory. */
    public Path dir() {
        return dir;
    }

    /** The manifest. */
    public Path manifestFile() {
        return dir.resolve(MANIFEST_FILE);
    }

    /** The lock file. */
    public Path lockFile() {
        return dir.resolve(LOCK_FILE);
    }

    /** Takes this store's directory lock, waiting up to {@code wait}; see {@link DirectoryLock}. */
    public DirectoryLock lock(Duration wait) {
        return DirectoryLock.acquire(dir, lockFile(), "DEK store " + this, wait);
    }

    /** The directory of the entries of one generation. */
    public Path generationDir(long generation) {
        return dir.resolve(GENERATION_PREFIX + generation);
    }

    /** The backup a re-wrap away from {@code generation} writes first. */
    public Path backupFile(long generation) {
        return dir.resolve(BACKUP_PREFIX + generation + BACKUP_SUFFIX);
    }

    /** The entry file of one entity in one generation; the id is validated first. */
    public Path entryFile(long generation, String entityId) {
        return generationDir(generation).resolve(EntityIds.require(entityId) + ENTRY_SUFFIX);
    }

    /** The generation a directory name stands for, if it is a generation directory. */
    public static OptionalLong generationOf(String name) {
        return number(name, GENERATION_PREFIX, "");
    }

    /** The generation a backup file name stands for, if it is a backup file. */
    public static OptionalLong backupGenerationOf(String name) {
        return number(name, BACKUP_PREFIX, BACKUP_SUFFIX);
    }

    /** The entity id an entry file name stands for, if it is an entry file with a valid id. */
    public static Optional<String> entityIdOf(String fileName) {
        if (!fileName.endsWith(ENTRY_SUFFIX)) {
            return Optional.empty();
        }
        String id = fileName.substring(0, fileName.length() - ENTRY_SUFFIX.length());
        return EntityIds.isValid(id) ? Optional.of(id) : Optional.empty();
    }

    private static OptionalLong number(String name, String prefix, String suffix) {
        if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length() <= prefix.length() + suffix.length()) {
            return OptionalLong.empty();
        }
        String digits = name.substring(prefix.length(), name.length() - suffix.length());
        if (digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
