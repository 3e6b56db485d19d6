package dev.kms4j.envelope.internal;

import dev.kms4j.WrappedKey;
import dev.kms4j.envelope.PayloadAlgorithm;
import java.util.Arrays;
import java.util.List;

/**
 * A header as read from (or written to) a message: the raw bytes and the decoded fields. The
 * header is not authenticated until {@link HeaderTag#verify} succeeded with the DEK. Immutable;
 * not secret.
 */
public final class ParsedHeader {
    private final byte[] bytes;
    private final int formatVersion;
    private final PayloadAlgorithm algorithm;
    private final int segmentSize;
    private final List<WrappedKey> entries;

    ParsedHeader(byte[] bytes, int formatVersion, PayloadAlgorithm algorithm, int segmentSize, List<WrappedKey> entries) {
        this.bytes = bytes;
        this.formatVersion = formatVersion;
        this.algorithm = algorithm;
        this.segmentSize = segmentSize;
        this.entries = List.copyOf(entries);
    }

    /** Length of the whole header including its tag. */
    public int length() {
        return bytes.length;
    }

    /** A copy of the header bytes, tag included. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The header bytes without copying, for building cache keys; callers must not modify them. */
    public byte[] bytesForKey() {
        return bytes;
    }

    /** The bytes the header tag covers (everything before the tag). */
    byte[] taggedPart() {
        return Arrays.copyOf(bytes, bytes.length - HeaderCodec.TAG_LENGTH);
    }

    /** The tag itself. */
    byte[] tag() {
        return Arrays.copyOfRange(bytes, bytes.length - HeaderCodec.TAG_LENGTH, bytes.length);
    }

    /** The fixed fields (magic, version, algorithm, segment size) bound into the payload AEAD. */
    public byte[] fixedFields() {
        return Arrays.copyOf(bytes, HeaderCodec.FIXED_LENGTH);
    }

    public int formatVersion() {
        return formatVersion;
    }

    public PayloadAlgorithm algorithm() {
        return algorithm;
    }

    /** Ciphertext segment size of a streaming payload; 0 for one-shot. */
    public int segmentSize() {
        return segmentSize;
    }

    /** The wrapped DEKs in header order. */
    public List<WrappedKey> entries() {
        return entries;
    }
}
