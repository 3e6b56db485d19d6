package dev.kms4j.internal.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Owner-only POSIX permissions for key and DEK store files (0600) and directories (0700).
 *
 * <p>The permissions are passed as attributes when a file or directory is <em>created</em>, so
 * there is no moment at which it exists with wider access (a later {@code chmod} would leave such
 * a window). On file systems without POSIX permissions (Windows) no attributes are passed and the
 * platform's defaults apply. Stateless and thread-safe.
 */
public final class OwnerOnlyPermissions {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];
    private static final FileAttribute<Set<PosixFilePermission>> FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnlyPermissions() {
    }

    /** Whether the default file system has POSIX permissions. */
    public static boolean isPosix() {
        return POSIX;
    }

    /** Creation attributes for a file readable and writable by its owner only. */
    public static FileAttribute<?>[] forFile() {
        return POSIX ? new FileAttribute<?>[] {FILE} : NONE;
    }

    /** Creation attributes for a directory usable by its owner only. */
    public static FileAttribute<?>[] forDirectory() {
        return POSIX ? new FileAttribute<?>[] {DIRECTORY} : NONE;
    }

    /**
     * Whether {@code path} grants any permission to its group or to others. Always {@code false}
     * where the file system has no POSIX permissions.
     */
    public static boolean grantsGroupOrOthers(Path path) throws IOException {
        if (!POSIX) {
            return false;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        return permissions.stream().anyMatch(GROUP_OR_OTHERS::contains);
    }
}
