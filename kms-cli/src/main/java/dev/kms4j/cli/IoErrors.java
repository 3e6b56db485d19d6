package dev.kms4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Short, human wording for file errors; the JDK's own messages are often just the path.
 * Stateless and thread-safe.
 */
final class IoErrors {
    private IoErrors() {
    }

    /** An unchecked error for a failed read or write, naming the file and the reason. */
    static UncheckedIOException failed(String action, String what, IOException e) {
        return new UncheckedIOException("cannot " + action + " " + what + ": " + reason(e), e);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "file exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
