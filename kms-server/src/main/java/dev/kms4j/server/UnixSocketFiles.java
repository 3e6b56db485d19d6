package dev.kms4j.server;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file-system side of the Unix-socket listener: checks the socket's directory, removes a stale
 * socket file left by a crashed server (never a live one, never anything that is not a socket), and
 * makes the bound socket owner-only (0600).
 *
 * <p>Why the directory check: the socket file is created by {@code bind} with the process umask and
 * made 0600 right after; a directory that no one else can write to means no one else can swap the
 * file in between. The server refuses a directory that is group- or world-writable or not owned by
 * the server's user, and warns when others can search it.
 *
 * <p>Stateless and thread-safe.
 */
final class UnixSocketFiles {
    private static final Logger LOG = LoggerFactory.getLogger(UnixSocketFiles.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private UnixSocketFiles() {
    }

    /** Checks the directory and clears a stale socket file at {@code socket}. */
    static void prepare(Path socket) {
        Path dir = socket.toAbsolutePath().getParent();
        try {
            if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw invalid("listeners.unix-socket.path: the directory " + dir + " does not exist (or is a symbolic link)");
            }
            int dirUid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (dirUid != currentUid()) {
                throw invalid("listeners.unix-socket.path: the directory " + dir + " is not owned by the server's user");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (perms.contains(PosixFilePermission.OTHERS_WRITE) || perms.contains(PosixFilePermission.GROUP_WRITE)) {
                throw invalid("listeners.unix-socket.path: the directory " + dir + " is group- or world-writable ("
                        + PosixFilePermissions.toString(perms) + "); use an owner-only directory such as 0700");
            }
            if (perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                LOG.warn("unix socket directory is searchable by others: dir={} perms={}", dir,
                        PosixFilePermissions.toString(perms));
            }
            removeStale(socket);
        } catch (IOException e) {
            throw invalid("listeners.unix-socket.path: cannot check " + socket + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw invalid("listeners.unix-socket.path: " + socket + " exists and is not a socket; not removing it");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new KmsException(KmsErrorCode.ALREADY_EXISTS,
                    "listeners.unix-socket.path: another server is listening on " + socket);
        } catch (IOException refused) {
            // Nobody accepts on it: a stale file from a server that did not shut down cleanly.
            Files.delete(socket);
            LOG.info("removed stale unix socket file: path={}", socket);
        }
    }

    /** Makes the bound socket file owner-only. */
    static void restrict(Path socket) {
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw invalid("listeners.unix-socket.path: cannot make " + socket + " owner-only");
        }
    }

    /** Removes the socket file at shutdown, if it is still a socket. */
    static void remove(Path socket) {
        try {
            if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)
                    && (((Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & S_IFMT) == S_IFSOCK) {
                Files.delete(socket);
            }
        } catch (IOException e) {
            LOG.warn("could not remove unix socket file: path={} error={}", socket, e.getClass().getSimpleName());
        }
    }

    /** The uid of this process. */
    static int currentUid() {
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }

    private static KmsException invalid(String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
    }
}
