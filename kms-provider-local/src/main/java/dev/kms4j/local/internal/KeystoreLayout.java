package dev.kms4j.local.internal;

import java.time.Duration;
import dev.kms4j.internal.files.DirectoryLock;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where things live in a keystore directory:
 *
 * <pre>
 * &lt;dir&gt;/
 *   .lock                 held (FileChannel.tryLock) by the one process using the keystore
 *   keystore.properties   metadata: format, master-key check value, KDF salt, current generation
 *   master.key            only with generate-master-key=true (development only)
 *   keys.&lt;generation&gt;/     the key files, one per key: &lt;key-id&gt;.key
 *   .*.tmp                temporary files of interrupted writes, removed when the keystore opens
 * </pre>
 *
 * Key files live in a generation directory so that a master-key rotation can build a complete new
 * generation beside the old one and switch to it with one atomic rename of the metadata file.
 * Immutable and thread-safe.
 */
public final class KeystoreLayout {
    static final String METADATA_FILE = "keystore.properties";
    static final String LOCK_FILE = ".lock";
    static final String GENERATED_MASTER_KEY_FILE = "master.key";
    private static final String GENERATION_PREFIX = "keys.";
    private static final String KEY_FILE_SUFFIX = ".key";

    private final Path dir;

    /** The layout of the keystore at {@code dir} (made absolute and normalized). */
    public KeystoreLayout(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    }

    /** The keystore directory. */
    public Path dir() {
        return dir;
    }

    /** The metadata file; its atomic replacement is the commit point of a master-key rotation. */
    public Path metadataFile() {
        return dir.resolve(METADATA_FILE);
    }

    /** The lock file. */
    public Path lockFile() {
        return dir.resolve(LOCK_FILE);
    }

    /** Takes this keystore's directory lock, waiting up to {@code wait}; see {@link DirectoryLock}. */
    public DirectoryLock lock(Duration wait) {
        return DirectoryLock.acquire(dir, lockFile(), "keystore " + this, wait);
    }

    /** Where {@code generate-master-key=true} keeps the master key. */
    public Path generatedMasterKeyFile() {
        return dir.resolve(GENERATED_MASTER_KEY_FILE);
    }

    /** The directory holding the key files of one generation. */
    public Path generationDir(long generation) {
        return dir.resolve(GENERATION_PREFIX + generation);
    }

    /** The file of one key in one generation; {@code keyId} is validated first. */
    public Path keyFile(long generation, String keyId) {
        return generationDir(generation).resolve(KeyIds.require(keyId) + KEY_FILE_SUFFIX);
    }

    /** The generation a directory name stands for, if it is a generation directory. */
    static OptionalLong generationOf(String dirName) {
        if (!dirName.startsWith(GENERATION_PREFIX)) {
            return OptionalLong.empty();
        }
        String digits = dirName.substring(GENERATION_PREFIX.length());
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    /** The key id a file name stands for, if it is a key file with a valid id. */
    static Optional<String> keyIdOf(String fileName) {
        if (!fileName.endsWith(KEY_FILE_SUFFIX)) {
            return Optional.empty();
        }
        String id = fileName.substring(0, fileName.length() - KEY_FILE_SUFFIX.length());
        return KeyIds.isValid(id) ? Optional.of(id) : Optional.empty();
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
