package dev.kms4j.envelope;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.WrappedKey;
import dev.kms4j.envelope.internal.Errors;
import dev.kms4j.envelope.internal.HeaderCodec;
import dev.kms4j.envelope.internal.ParsedHeader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A read-only view of an envelope message's header, readable without any KMS access (for
 * {@code kms inspect} and bulk re-wrap planning): format version, payload algorithm, segment size,
 * the KEKs (with exact versions) that wrap the message's data key, and the header length.
 *
 * <p><strong>Not authenticated:</strong> the header tag can only be checked with the data key, so
 * what this view shows is what the message claims until {@link Envelope#decrypt} or
 * {@link Envelope#rewrap} has accepted it. Nothing in it is secret. Immutable and thread-safe.
 */
public final class EnvelopeHeader {
    private final ParsedHeader header;

    private EnvelopeHeader(ParsedHeader header) {
        this.header = header;
    }

    static EnvelopeHeader of(ParsedHeader header) {
        return new EnvelopeHeader(header);
    }

    /**
     * Reads one header from {@code in}, leaving it at the first payload byte.
     *
     * @throws KmsException {@link KmsErrorCode#INTEGRITY} if malformed or truncated,
     *     {@link KmsErrorCode#UNSUPPORTED} for an unknown format version or algorithm
     * @throws IOException if reading fails
     */
    public static EnvelopeHeader read(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        return new EnvelopeHeader(HeaderCodec.read(in));
    }

    /**
     * Parses the header at the start of {@code message} (the payload after it is ignored).
     *
     * @throws KmsException as {@link #read(InputStream)}
     */
    public static EnvelopeHeader parse(byte[] message) {
        if (message == null) {
            throw Errors.invalid("message must not be null");
        }
        return new EnvelopeHeader(HeaderCodec.parse(message));
    }

    /** The format version (1). */
    public int formatVersion() {
        return header.formatVersion();
    }

    /** The payload algorithm. */
    public PayloadAlgorithm algorithm() {
        return header.algorithm();
    }

    /** Whether the payload is a stream of segments. */
    public boolean isStreaming() {
        return header.algorithm().isStreaming();
    }

    /** The ciphertext segment size in bytes for a streaming payload, 0 for a one-shot one. */
    public int segmentSize() {
        return header.segmentSize();
    }

    /** The KEKs wrapping the data key, in header order, each with the exact version the provider recorded. */
    public List<KeyRef> keks() {
        return header.entries().stream().map(WrappedKey::kek).collect(Collectors.toUnmodifiableList());
    }

    /** The wrapped data keys (ciphertext, not secret), in header order. */
    public List<WrappedKey> wrappedKeys() {
        return header.entries();
    }

    /** The header's length in bytes, tag included; the payload starts at this offset. */
    public int length() {
        return header.length();
    }

    @Override
    public String toString() {
        return "EnvelopeHeader{version=" + formatVersion() + ", algorithm=" + algorithm()
                + (isStreaming() ? ", segmentSize=" + segmentSize() : "") + ", keks=" + keks() + ", length=" + length() + "}";
    }
}
