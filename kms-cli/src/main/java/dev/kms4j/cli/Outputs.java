package dev.kms4j.cli;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a command's result to a file or to standard output ({@code -}).
 * Stateless and thread-safe; the bytes are written through, not kept.
 */
final class Outputs {
    /** The name that means standard output. */
    static final String STDOUT = "-";

    private Outputs() {
    }

    /**
     * Writes {@code data} to {@code target}.
     *
     * @param secret whether {@code data} is secret (decrypted plaintext): a new file is then created
     *     readable by its owner only
     */
    static void write(CliIo io, String target, String what, byte[] data, boolean secret) {
        if (STDOUT.equals(target)) {
            io.writeStdout(data);
            return;
        }
        Path path;
        try {
            path = Path.of(target);
        } catch (InvalidPathException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "invalid file name for the " + what);
        }
        try {
            if (secret && Files.notExists(path)
                    && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // Create it owner-only before the first byte goes in, rather than chmod afterwards.
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(path, data, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw IoErrors.failed("write", what + " file '" + target + "'", e);
        }
    }
}
