package dev.kms4j.local;

import dev.kms4j.internal.files.AtomicFiles;
import dev.kms4j.internal.files.OwnerOnlyPermissions;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.local.internal.MasterKeyDerivation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The 256-bit master key that encrypts a local keystore's key files.
 *
 * <p><b>Secret.</b> The key bytes are held in one array that {@link #close()} zeroes; they are
 * never part of {@link #toString()}, an exception message or a log line. Only
 * {@link #copySecretBytes()} and {@link #writeTo(Path)} let them out, and both are meant for
 * keystore tooling.
 *
 * <p>Every key has a {@linkplain #checkValue() check value}: a non-secret fingerprint
 * (the first 16 bytes of an HMAC-SHA256 of a fixed label under the key) that the keystore stores
 * to recognise which master key its files were written under, and that is safe to print.
 *
 * <p>Thread-safe. Once closed, every method but {@link #checkValue()}, {@link #isClosed()},
 * {@link #close()} and {@link #toString()} throws {@link IllegalStateException}.
 */
public final class MasterKey implements AutoCloseable {
    /** The length of a master key in bytes. */
    public static final int LENGTH = 32;
    /** Refuse to read larger master key files: a base64 key is 44 characters. */
    private static final int MAX_FILE_SIZE = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final String checkValue;
    private boolean closed;

    private MasterKey(byte[] ownedKey) {
        this.key = ownedKey;
        this.checkValue = HexFormat.of().formatHex(MasterKeyDerivation.checkValue(ownedKey));
    }

    /** A new random key from {@link SecureRandom}. */
    public static MasterKey generate() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        return new MasterKey(bytes);
    }

    /**
     * A key from its 32 raw bytes, which are copied (the caller keeps and should zero its array).
     *
     * @throws KmsException {@code INVALID_ARGUMENT} if the array is not 32 bytes long
     */
    public static MasterKey fromBytes(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != LENGTH) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "a master key must be " + LENGTH + " bytes, got " + key.length);
        }
        return new MasterKey(key.clone());
    }

    /**
     * A key from standard base64 of its 32 bytes; surrounding whitespace is ignored.
     *
     * @throws KmsException {@code INVALID_ARGUMENT} if it is not base64 of 32 bytes (the message
     *     never includes the value)
     */
    public static MasterKey fromBase64(String base64) {
        Objects.requireNonNull(base64, "base64");
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            // The JDK's message may quote a character of the key: do not chain it.
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "the master key is not valid base64");
        }
        return fromDecoded(decoded);
    }

    /**
     * A key from a file holding its base64 (as written by {@link #writeTo(Path)}). The file must
     * be accessible to its owner only (mode 0600 or stricter) where the file system has POSIX
     * permissions.
     *
     * @throws KmsException {@code INVALID_ARGUMENT} if the file is missing, unreadable, readable or
     *     writable by group or others, or does not hold base64 of 32 bytes
     */
    public static MasterKey fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] content = null;
        byte[] trimmed = null;
        try {
            if (OwnerOnlyPermissions.grantsGroupOrOthers(file)) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "master key file " + file
                        + " is accessible by group or others; restrict it to its owner (chmod 600)");
            }
            try (InputStream in = Files.newInputStream(file)) {
                content = in.readNBytes(MAX_FILE_SIZE + 1);
            }
            if (content.length > MAX_FILE_SIZE) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "master key file " + file + " is too large to hold a base64 master key");
            }
            trimmed = stripAsciiWhitespace(content);
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(trimmed);
            } catch (IllegalArgumentException e) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "master key file " + file + " does not hold a base64 master key");
            }
            return fromDecoded(decoded);
        } catch (NoSuchFileException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "master key file " + file + " does not exist");
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "could not read master key file " + file, e);
        } finally {
            zero(content);
            zero(trimmed);
        }
    }

    private static MasterKey fromDecoded(byte[] decoded) {
        if (decoded.length != LENGTH) {
            int length = decoded.length;
            zero(decoded);
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "a master key must be base64 of " + LENGTH + " bytes, got " + length + " bytes");
        }
        return new MasterKey(decoded);
    }

    private static byte[] stripAsciiWhitespace(byte[] content) {
        int start = 0;
        int end = content.length;
        while (start < end && isAsciiWhitespace(content[start])) {
            start++;
        }
        while (end > start && isAsciiWhitespace(content[end - 1])) {
            end--;
        }
        return Arrays.copyOfRange(content, start, end);
    }

    private static boolean isAsciiWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /**
     * The non-secret check value: 32 lower-case hex characters identifying this key. Two keys
     * with the same check value are, for all practical purposes, the same key.
     */
    public String checkValue() {
        return checkValue;
    }

    /**
     * <b>Secret:</b> a copy of the 32 key bytes. The caller owns the copy and must zero it
     * ({@code Arrays.fill(bytes, (byte) 0)}) when done.
     */
    public synchronized byte[] copySecretBytes() {
        ensureOpen();
        return key.clone();
    }

    /**
     * Writes this key as base64 to a new file, readable and writable by its owner only (0600),
     * atomically and durably. {@link #fromFile(Path)} reads it back.
     *
     * @throws KmsException {@code ALREADY_EXISTS} if the file exists (a key file is never
     *     overwritten), {@code INTERNAL} if it cannot be written
     */
    public void writeTo(Path file) {
        Objects.requireNonNull(file, "file");
        Path target = file.toAbsolutePath();
        byte[] encoded = null;
        try {
            synchronized (this) {
                ensureOpen();
                encoded = Base64.getEncoder().encode(key);
            }
            AtomicFiles.writeNew(target, encoded);
        } catch (FileAlreadyExistsException e) {
            throw new KmsException(KmsErrorCode.ALREADY_EXISTS, "master key file " + target + " already exists");
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "could not write master key file " + target, e);
        } finally {
            zero(encoded);
        }
    }

    /** Whether {@link #close()} has been called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Zeroes the key bytes. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            Arrays.fill(key, (byte) 0);
            closed = true;
        }
    }

    /** Shows the check value's first 8 characters only, never the key. */
    @Override
    public synchronized String toString() {
        return "MasterKey[check=" + checkValue.substring(0, 8) + "…" + (closed ? ", closed" : "") + "]";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("master key " + checkValue.substring(0, 8) + "… is closed");
        }
    }

    private static void zero(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
