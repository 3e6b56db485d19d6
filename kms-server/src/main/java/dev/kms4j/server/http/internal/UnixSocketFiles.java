package dev.kms4j.server.http.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The file side of the Unix socket: clearing a stale socket file left by a crashed server,
 * choosing a private temporary name to bind to, and publishing the bound socket at its final path
 * with mode 0600.
 *
 * <p>Why bind-then-rename: binding creates the socket file with the process umask; changing the
 * mode afterwards would leave a moment in which other users could connect. Binding under a random
 * temporary name, setting 0600, then renaming it atomically to the final path means the final path
 * never exists with a wider mode.
 *
 * <p>Stateless and thread-safe.
 */
public final class UnixSocketFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private UnixSocketFiles() {
    }

    /**
     * Makes {@code path} free to bind: deletes it if it is a socket no server answers on.
     *
     * @throws KmsException {@link KmsErrorCode#UNAVAILABLE} if a server answers on it;
     *     {@link KmsErrorCode#INVALID_ARGUMENT} if it is something other than a socket
     */
    public static void clearStale(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return; // nothing there
        }
        if (!attributes.isOther()) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "the Unix socket path " + path + " exists and is not a socket; refusing to replace it");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new KmsException(KmsErrorCode.UNAVAILABLE, "another server is listening on " + path);
        } catch (IOException noServer) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new KmsException(KmsErrorCode.UNAVAILABLE, "cannot remove the stale socket " + path, e);
            }
        }
    }

    /** A random sibling of {@code path} to bind to before publishing. */
    public static Path temporarySibling(Path path) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return path.resolveSibling("." + path.getFileName() + "." + HexFormat.of().formatHex(random) + ".tmp");
    }

    /**
     * Sets {@code bound} to 0600 and renames it to {@code path}. Returns the file key of the
     * published socket, so that close deletes only the socket it published.
     */
    public static Object publish(Path bound, Path path) {
        try {
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException | UnsupportedOperationException e) {
            throw new KmsException(KmsErrorCode.UNAVAILABLE, "cannot publish the Unix socket at " + path
                    + " with mode 0600", e);
        }
    }

    /** Deletes {@code path} if it is still the socket with {@code fileKey}; best effort. */
    public static void deleteIfSame(Path path, Object fileKey) {
        try {
            Object current = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (fileKey != null && fileKey.equals(current)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Already gone, or not ours to delete.
        }
    }
}
