package dev.kms4j.envelope.store.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.WrappedKey;
import dev.kms4j.envelope.store.DekAlgorithm;
import dev.kms4j.envelope.store.DekEntry;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte encodings of one {@link DekEntry} (an entry file) and of a list of entries (a rotation
 * backup), all integers big-endian:
 *
 * <pre>
 * entry:  'K' 'D' 'E' 0x01 | u16 id length | id (ASCII) | u8 algorithm code | u32 generation
 *         | i64 created (epoch milliseconds) | u32 wrapped length | WrappedKey.toBytes()
 *         | SHA-256 of all the preceding bytes (32)
 * backup: 'K' 'D' 'B' 0x01 | u32 count | count x (u32 length | entry) | SHA-256 of all the preceding (32)
 * </pre>
 *
 * The digest is a checksum against damage (bit rot, a file truncated by a tool), not a MAC: the
 * content is not secret and an attacker who can write the store could change it anyway. Swapping
 * entries between entities is caught later, because the entity id is bound into the context under
 * which each DEK is wrapped. Stateless and thread-safe.
 */
public final class DekEntryCodec {
    /** Largest encoded entry accepted (a wrapped key is at most 64 KiB plus its KEK URI). */
    public static final int MAX_ENTRY_BYTES = 80 * 1024;
    private static final byte[] ENTRY_MAGIC = {'K', 'D', 'E', 1};
    private static final byte[] BACKUP_MAGIC = {'K', 'D', 'B', 1};
    private static final int DIGEST_BYTES = 32;

    private DekEntryCodec() {
    }

    /** Encodes one entry. */
    public static byte[] encode(DekEntry entry) {
        byte[] id = entry.entityId().getBytes(StandardCharsets.US_ASCII);
        byte[] wrapped = entry.wrapped().toBytes();
        ByteBuffer buf = ByteBuffer.allocate(4 + 2 + id.length + 1 + 4 + 8 + 4 + wrapped.length + DIGEST_BYTES);
        buf.put(ENTRY_MAGIC).putShort((short) id.length).put(id).put((byte) entry.algorithm().code())
                .putInt(entry.generation()).putLong(entry.createdAt().toEpochMilli())
                .putInt(wrapped.length).put(wrapped);
        buf.put(sha256(buf.array(), buf.position()));
        return buf.array();
    }

    /**
     * Decodes one entry; {@code source} names it in errors.
     *
     * @throws KmsException {@link KmsErrorCode#INTEGRITY} if the bytes are damaged or not an entry;
     *     {@link KmsErrorCode#UNSUPPORTED} for an unknown algorithm
     */
    public static DekEntry decode(byte[] encoded, String source) {
        if (encoded.length < ENTRY_MAGIC.length + DIGEST_BYTES || encoded.length > MAX_ENTRY_BYTES) {
            throw damaged(source, "wrong size");
        }
        checkDigest(encoded, source);
        ByteBuffer buf = ByteBuffer.wrap(encoded, 0, encoded.length - DIGEST_BYTES);
        try {
            checkMagic(buf, ENTRY_MAGIC, source);
            byte[] id = new byte[Short.toUnsignedInt(buf.getShort())];
            buf.get(id);
            int algorithm = Byte.toUnsignedInt(buf.get());
            int generation = buf.getInt();
            long created = buf.getLong();
            int wrappedLength = buf.getInt();
            if (wrappedLength != buf.remaining()) {
                throw damaged(source, "bad wrapped-key length");
            }
            byte[] wrapped = new byte[wrappedLength];
            buf.get(wrapped);
            return DekEntry.builder()
                    .entityId(new String(id, StandardCharsets.US_ASCII))
                    .algorithm(DekAlgorithm.fromCode(algorithm))
                    .generation(generation)
                    .createdAt(Instant.ofEpochMilli(created))
                    .wrapped(WrappedKey.fromBytes(wrapped))
                    .build();
        } catch (BufferUnderflowException e) {
            throw damaged(source, "truncated");
        } catch (KmsException e) {
            if (e.code() == KmsErrorCode.INVALID_ARGUMENT) {
                throw damaged(source, "invalid field");
            }
            throw e;
        }
    }

    /** Encodes a list of entries (a backup). */
    public static byte[] encodeAll(List<DekEntry> entries) {
        List<byte[]> encoded = new ArrayList<>(entries.size());
        int size = BACKUP_MAGIC.length + 4 + DIGEST_BYTES;
        for (DekEntry e : entries) {
            byte[] b = encode(e);
            encoded.add(b);
            size += 4 + b.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put(BACKUP_MAGIC).putInt(encoded.size());
        for (byte[] b : encoded) {
            buf.putInt(b.length).put(b);
        }
        buf.put(sha256(buf.array(), buf.position()));
        return buf.array();
    }

    /**
     * Decodes a backup.
     *
     * @throws KmsException {@link KmsErrorCode#INTEGRITY} if it is damaged
     */
    public static List<DekEntry> decodeAll(byte[] encoded, String source) {
        if (encoded.length < BACKUP_MAGIC.length + 4 + DIGEST_BYTES) {
            throw damaged(source, "wrong size");
        }
        checkDigest(encoded, source);
        ByteBuffer buf = ByteBuffer.wrap(encoded, 0, encoded.length - DIGEST_BYTES);
        try {
            checkMagic(buf, BACKUP_MAGIC, source);
            int count = buf.getInt();
            if (count < 0) {
                throw damaged(source, "bad count");
            }
            List<DekEntry> entries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int length = buf.getInt();
                if (length <= 0 || length > buf.remaining()) {
                    throw damaged(source, "bad entry length");
                }
                byte[] one = new byte[length];
                buf.get(one);
                entries.add(decode(one, source));
            }
            if (buf.hasRemaining()) {
                throw damaged(source, "trailing bytes");
            }
            return entries;
        } catch (BufferUnderflowException e) {
            throw damaged(source, "truncated");
        }
    }

    private static void checkMagic(ByteBuffer buf, byte[] magic, String source) {
        byte[] actual = new byte[magic.length];
        buf.get(actual);
        if (!Arrays.equals(actual, magic)) {
            throw damaged(source, actual[0] == magic[0] && actual[1] == magic[1] && actual[2] == magic[2]
                    ? "unknown format version " + actual[3] : "bad magic");
        }
    }

    private static void checkDigest(byte[] encoded, String source) {
        int bodyLength = encoded.length - DIGEST_BYTES;
        byte[] expected = Arrays.copyOfRange(encoded, bodyLength, encoded.length);
        if (!MessageDigest.isEqual(expected, sha256(encoded, bodyLength))) {
            throw damaged(source, "checksum mismatch");
        }
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(data, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static KmsException damaged(String source, String why) {
        return new KmsException(KmsErrorCode.INTEGRITY, "DEK store entry " + source + " is damaged (" + why + ")");
    }
}
