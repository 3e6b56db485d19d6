package dev.kms4j.cli;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a command's input, a file or standard input ({@code -}), into memory with a size limit.
 *
 * <p>The input may be secret (a plaintext to encrypt): every intermediate buffer is zeroed, and
 * the caller owns (and zeroes) the array returned. Stateless and thread-safe.
 */
final class Inputs {
    /** The name that means standard input. */
    static final String STDIN = "-";

    private static final int CHUNK = 8192;

    private Inputs() {
    }

    /**
     * Reads all of {@code source}.
     *
     * @param what what the input is, for error messages ("plaintext", "signature")
     * @param tooLarge the message when the input has more than {@code maxBytes} bytes
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} with {@code tooLarge} if it is larger
     * @throws UncheckedIOException if the file cannot be read
     */
    static byte[] read(CliIo io, String source, String what, int maxBytes, String tooLarge) {
        if (STDIN.equals(source)) {
            try {
                return readBounded(io.stdin(), maxBytes, tooLarge);
            } catch (IOException e) {
                throw IoErrors.failed("read", what + " from standard input", e);
            }
        }
        Path path;
        try {
            path = Path.of(source);
        } catch (InvalidPathException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "invalid file name for the " + what);
        }
        try (InputStream in = Files.newInputStream(path)) {
            return readBounded(in, maxBytes, tooLarge);
        } catch (IOException e) {
            throw IoErrors.failed("read", what + " file '" + source + "'", e);
        }
    }

    /** Reads at most {@code maxBytes + 1} bytes, so an oversized input is detected without reading it all. */
    private static byte[] readBounded(InputStream in, int maxBytes, String tooLarge) throws IOException {
        byte[] buffer = new byte[Math.min(CHUNK, maxBytes + 1)];
        int length = 0;
        try {
            while (true) {
                if (length == buffer.length) {
                    if (length > maxBytes) {
                        throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, tooLarge);
                    }
                    byte[] bigger = Arrays.copyOf(buffer, (int) Math.min((long) maxBytes + 1, 2L * buffer.length));
                    Arrays.fill(buffer, (byte) 0);
                    buffer = bigger;
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
            if (length > maxBytes) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, tooLarge);
            }
            return Arrays.copyOf(buffer, length);
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }
}
