package dev.kms4j.envelope.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsException;
import dev.kms4j.WrappedKey;
import dev.kms4j.envelope.PayloadAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes and reads the envelope header (see {@code docs/envelope-format.md}). Every length is
 * checked against a bound before anything is allocated, so a hostile header cannot make the
 * reader allocate more than {@link #MAX_HEADER_LENGTH} bytes. Hand-written because the format is
 * ours; it is small and every branch is covered by tests. Stateless and thread-safe.
 */
public final class HeaderCodec {
    private static final ParsedKeks PARSED_KEKS = new ParsedKeks();

    /** "KMSE". */
    static final byte[] MAGIC = {'K', 'M', 'S', 'E'};
    /** The only format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Magic, version, algorithm, segment size. */
    public static final int FIXED_LENGTH = 10;
    /** HMAC-SHA256. */
    public static final int TAG_LENGTH = 32;
    /** Most wrapped-DEK entries (KEKs) in one header. */
    public static final int MAX_ENTRIES = 16;
    /** Longest KEK URI (UTF-8 bytes). */
    public static final int MAX_URI_BYTES = 4096;
    /** Longest wrapped DEK. */
    public static final int MAX_WRAPPED_BYTES = 16384;
    /** Upper bound of a whole header. */
    public static final int MAX_HEADER_LENGTH = FIXED_LENGTH + 1 + MAX_ENTRIES * (4 + MAX_URI_BYTES + MAX_WRAPPED_BYTES) + TAG_LENGTH;
    /** Smallest and largest streaming ciphertext segment. */
    public static final int MIN_SEGMENT_SIZE = 1024;
    public static final int MAX_SEGMENT_SIZE = 16 * 1024 * 1024;

    private HeaderCodec() {
    }

    /** The fixed fields for a new message. */
    public static byte[] fixedFields(PayloadAlgorithm algorithm, int segmentSize) {
        return ByteBuffer.allocate(FIXED_LENGTH).put(MAGIC).put((byte) FORMAT_VERSION).put((byte) algorithm.id())
                .putInt(algorithm.isStreaming() ? segmentSize : 0).array();
    }

    /**
     * Encodes a header without its tag (the tag is computed over these bytes and appended by
     * {@link HeaderTag}).
     *
     * @throws KmsException INVALID_ARGUMENT if an entry is too large for the format
     */
    public static byte[] encodeUntagged(byte[] fixedFields, List<WrappedKey> entries) {
        if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw Errors.invalid("an envelope needs 1 to " + MAX_ENTRIES + " KEKs, got " + entries.size());
        }
        int size = fixedFields.length + 1;
        List<byte[]> uris = new ArrayList<>(entries.size());
        List<byte[]> wrapped = new ArrayList<>(entries.size());
        for (WrappedKey e : entries) {
            byte[] uri = e.kek().toUri().getBytes(StandardCharsets.UTF_8);
            byte[] w = e.ciphertext();
            if (uri.length > MAX_URI_BYTES || w.length > MAX_WRAPPED_BYTES) {
                throw Errors.invalid("KEK " + e.kek() + " gives a wrapped key or URI too large for the envelope header");
            }
            uris.add(uri);
            wrapped.add(w);
            size += 4 + uri.length + w.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(fixedFields).put((byte) entries.size());
        for (int i = 0; i < entries.size(); i++) {
            out.putShort((short) uris.get(i).length).put(uris.get(i)).putShort((short) wrapped.get(i).length).put(wrapped.get(i));
        }
        return out.array();
    }

    /**
     * Reads exactly one header from {@code in}, leaving the stream at the first payload byte.
     *
     * @throws KmsException INTEGRITY if malformed or truncated, UNSUPPORTED for an unknown format
     *     version or algorithm
     * @throws IOException if {@code in} fails
     */
    public static ParsedHeader read(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(256);
        byte[] fixed = readFully(in, FIXED_LENGTH + 1, raw);
        for (int i = 0; i < MAGIC.length; i++) {
            if (fixed[i] != MAGIC[i]) {
                throw Errors.integrity("is not a kms4j envelope message (bad magic)");
            }
        }
        int version = fixed[4] & 0xff;
        if (version != FORMAT_VERSION) {
            throw Errors.unsupported("format version " + version + " is not supported (this kms4j reads version "
                    + FORMAT_VERSION + ")");
        }
        int algorithmId = fixed[5] & 0xff;
        PayloadAlgorithm algorithm = PayloadAlgorithm.fromId(algorithmId).orElseThrow(
                () -> Errors.unsupported("payload algorithm " + algorithmId + " is not supported"));
        int segmentSize = ByteBuffer.wrap(fixed, 6, 4).getInt();
        if (algorithm.isStreaming() ? segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE : segmentSize != 0) {
            throw Errors.integrity("header has an invalid segment size");
        }
        int count = fixed[10] & 0xff;
        if (count < 1 || count > MAX_ENTRIES) {
            throw Errors.integrity("header has an invalid number of wrapped keys (" + count + ")");
        }
        List<WrappedKey> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int uriLength = readShort(in, raw);
            if (uriLength < 1 || uriLength > MAX_URI_BYTES) {
                throw Errors.integrity("header has an invalid KEK URI length");
            }
            byte[] uri = readFully(in, uriLength, raw);
            int wrappedLength = readShort(in, raw);
            if (wrappedLength < 1 || wrappedLength > MAX_WRAPPED_BYTES) {
                throw Errors.integrity("header has an invalid wrapped key length");
            }
            byte[] wrapped = readFully(in, wrappedLength, raw);
            entries.add(WrappedKey.of(parseKek(uri), wrapped));
        }
        readFully(in, TAG_LENGTH, raw);
        return new ParsedHeader(raw.toByteArray(), version, algorithm, segmentSize, entries);
    }

    /**
     * Reads the header at the start of {@code message}. Same result and errors as
     * {@link #read(InputStream)}; a well-formed header is decoded straight from the array (the
     * decrypt hot path), anything else goes through {@link #read(InputStream)} for its precise error.
     */
    public static ParsedHeader parse(byte[] message) {
        int length = scanLength(message);
        int algorithmId = message.length > 5 ? message[5] & 0xff : -1;
        PayloadAlgorithm algorithm = PayloadAlgorithm.fromId(algorithmId).orElse(null);
        int segmentSize = message.length >= FIXED_LENGTH ? ByteBuffer.wrap(message, 6, 4).getInt() : -1;
        boolean segmentOk = algorithm != null && (algorithm.isStreaming()
                ? segmentSize >= MIN_SEGMENT_SIZE && segmentSize <= MAX_SEGMENT_SIZE : segmentSize == 0);
        if (length < 0 || !segmentOk) {
            try {
                return read(new java.io.ByteArrayInputStream(message));
            } catch (IOException e) {
                throw Errors.internal("reading from memory failed", e);
            }
        }
        int count = message[FIXED_LENGTH] & 0xff;
        List<WrappedKey> entries = new ArrayList<>(count);
        int pos = FIXED_LENGTH + 1;
        for (int i = 0; i < count; i++) {
            int uriLength = ((message[pos] & 0xff) << 8) | (message[pos + 1] & 0xff);
            KeyRef kek = parseKek(message, pos + 2, uriLength);
            pos += 2 + uriLength;
            int wrappedLength = ((message[pos] & 0xff) << 8) | (message[pos + 1] & 0xff);
            entries.add(WrappedKey.of(kek, Arrays.copyOfRange(message, pos + 2, pos + 2 + wrappedLength)));
            pos += 2 + wrappedLength;
        }
        return new ParsedHeader(Arrays.copyOf(message, length), FORMAT_VERSION, algorithm, segmentSize, entries);
    }

    /**
     * The length of the header at the start of {@code message} if it is well-formed enough to be
     * a cache key (known magic and version, bounded counts and lengths, complete), else -1. Reads
     * lengths only, allocates nothing; {@link #read} does the real validation on a miss.
     */
    public static int scanLength(byte[] message) {
        if (message.length < FIXED_LENGTH + 1 || message[0] != MAGIC[0] || message[1] != MAGIC[1]
                || message[2] != MAGIC[2] || message[3] != MAGIC[3] || (message[4] & 0xff) != FORMAT_VERSION) {
            return -1;
        }
        int count = message[FIXED_LENGTH] & 0xff;
        if (count < 1 || count > MAX_ENTRIES) {
            return -1;
        }
        int pos = FIXED_LENGTH + 1;
        for (int i = 0; i < count; i++) {
            for (int field = 0; field < 2; field++) {
                if (pos + 2 > message.length) {
                    return -1;
                }
                int len = ((message[pos] & 0xff) << 8) | (message[pos + 1] & 0xff);
                if (len < 1 || len > (field == 0 ? MAX_URI_BYTES : MAX_WRAPPED_BYTES)) {
                    return -1;
                }
                pos += 2 + len;
            }
        }
        pos += TAG_LENGTH;
        return pos <= message.length ? pos : -1;
    }

    private static KeyRef parseKek(byte[] uri) {
        return parseKek(uri, 0, uri.length);
    }

    private static KeyRef parseKek(byte[] bytes, int offset, int length) {
        try {
            String text;
            if (isAscii(bytes, offset, length)) {
                text = new String(bytes, offset, length, StandardCharsets.US_ASCII);
            } else {
                // Strict decoding: malformed UTF-8 is an error, not a replacement character.
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
            }
            return PARSED_KEKS.parse(text);
        } catch (CharacterCodingException | KmsException e) {
            throw Errors.integrity("header has a malformed KEK reference");
        }
    }

    private static boolean isAscii(byte[] b, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int readShort(InputStream in, ByteArrayOutputStream raw) throws IOException {
        byte[] b = readFully(in, 2, raw);
        return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    }

    private static byte[] readFully(InputStream in, int n, ByteArrayOutputStream raw) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r;
            try {
                r = in.read(b, off, n - off);
            } catch (EOFException e) {
                r = -1;
            }
            if (r < 0) {
                throw Errors.integrity("header is truncated");
            }
            off += r;
        }
        raw.write(b, 0, n);
        return b;
    }
}
