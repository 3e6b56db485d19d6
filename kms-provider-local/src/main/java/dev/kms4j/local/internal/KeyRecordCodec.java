package dev.kms4j.local.internal;

import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyUsage;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versioned binary form of a {@link KeyRecord} (what {@link KeyRecordStore} encrypts and
 * stores). All integers big-endian.
 *
 * <pre>
 * 'K' 'R' 0x01                          magic and format version 1
 * str  key id
 * str  spec, str usage, str state       enum constant names
 * time created
 * u8   has deletion date (0/1), [time deletion date]
 * u8   has description (0/1),   [str description]
 * u32  tag count, then per tag: str name, str value (sorted by name)
 * u32  current version
 * u32  version count, then per version (numbers 1..n in order):
 *      u32 number, str state, time created, u32 material length, material
 *          (raw key bytes for symmetric and HMAC keys, PKCS#8 DER for private keys)
 *
 * str  = u32 byte length, UTF-8 bytes
 * time = i64 epoch seconds, i32 nanoseconds
 * </pre>
 *
 * Decoding is strict: unknown format versions or enum names, lengths beyond the limits below,
 * invalid UTF-8, trailing bytes and broken invariants are all refused. A future format bumps the
 * version byte and keeps a reader for this one.
 *
 * <p>Both directions handle <strong>secret</strong> bytes: {@link #encode} returns an array the
 * caller must zero; {@link #decode} copies the material out (wipe the record) and leaves the
 * input to the caller to zero. Errors never include record content. Stateless and thread-safe.
 */
final class KeyRecordCodec {
    private static final byte[] MAGIC = {'K', 'R'};
    private static final byte FORMAT_V1 = 1;
    private static final int MAX_STRING_BYTES = 64 * 1024;
    private static final int MAX_MATERIAL_BYTES = 16 * 1024;
    private static final int MAX_TAGS = 1024;
    /** Upper bound on versions a record may hold; {@link LocalKmsProvider} refuses rotation beyond it. */
    static final int MAX_VERSIONS = 10_000;

    private KeyRecordCodec() {
    }

    /** Serializes a record. <strong>Secret</strong> result: the caller zeroes it. */
    static byte[] encode(KeyRecord r) {
        byte[] id = utf8(r.keyId());
        byte[] spec = utf8(r.spec().name());
        byte[] usage = utf8(r.usage().name());
        byte[] state = utf8(r.state().name());
        byte[] description = r.description() == null ? null : utf8(r.description());
        List<byte[]> tagBytes = new ArrayList<>();
        for (Map.Entry<String, String> e : r.tags().entrySet()) {
            tagBytes.add(utf8(e.getKey()));
            tagBytes.add(utf8(e.getValue()));
        }
        List<byte[]> versionStates = new ArrayList<>();
        int size = 3 + str(id) + str(spec) + str(usage) + str(state) + 12
                + 1 + (r.deletionDate() == null ? 0 : 12)
                + 1 + (description == null ? 0 : str(description))
                + 4 + 4 + 4;
        for (byte[] t : tagBytes) {
            size += str(t);
        }
        for (KeyRecord.Version v : r.versions()) {
            byte[] vs = utf8(v.state().name());
            versionStates.add(vs);
            size += 4 + str(vs) + 12 + 4 + v.material().length;
        }

        // One exactly-sized array, so no partially filled copies of the material are left behind.
        byte[] out = new byte[size];
        ByteBuffer buf = ByteBuffer.wrap(out);
        buf.put(MAGIC).put(FORMAT_V1);
        putString(buf, id);
        putString(buf, spec);
        putString(buf, usage);
        putString(buf, state);
        putInstant(buf, r.createdAt());
        buf.put((byte) (r.deletionDate() == null ? 0 : 1));
        if (r.deletionDate() != null) {
            putInstant(buf, r.deletionDate());
        }
        buf.put((byte) (description == null ? 0 : 1));
        if (description != null) {
            putString(buf, description);
        }
        buf.putInt(tagBytes.size() / 2);
        for (byte[] t : tagBytes) {
            putString(buf, t);
        }
        buf.putInt(r.currentVersion());
        buf.putInt(r.versions().size());
        for (int i = 0; i < r.versions().size(); i++) {
            KeyRecord.Version v = r.versions().get(i);
            buf.putInt(v.number());
            putString(buf, versionStates.get(i));
            putInstant(buf, v.createdAt());
            buf.putInt(v.material().length);
            buf.put(v.material());
        }
        if (buf.hasRemaining()) {
            throw new IllegalStateException("key record size miscalculated");
        }
        return out;
    }

    /**
     * Parses a record and checks that it belongs to {@code expectedKeyId}.
     *
     * @throws IllegalArgumentException if the bytes are not a well-formed record of that key
     *     (the message says what is wrong, never what the bytes are)
     */
    static KeyRecord decode(String expectedKeyId, byte[] bytes) {
        List<KeyRecord.Version> versions = new ArrayList<>();
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            if (buf.get() != MAGIC[0] || buf.get() != MAGIC[1]) {
                throw new IllegalArgumentException("not a key record");
            }
            byte format = buf.get();
            if (format != FORMAT_V1) {
                throw new IllegalArgumentException("unknown key record format " + format);
            }
            String keyId = getString(buf);
            if (!keyId.equals(expectedKeyId)) {
                throw new IllegalArgumentException("record belongs to another key");
            }
            KeySpec spec = KeySpec.valueOf(getString(buf));
            KeyUsage usage = KeyUsage.valueOf(getString(buf));
            KeyState state = KeyState.valueOf(getString(buf));
            Instant createdAt = getInstant(buf);
            Instant deletionDate = getFlag(buf) ? getInstant(buf) : null;
            String description = getFlag(buf) ? getString(buf) : null;
            int tagCount = getCount(buf, MAX_TAGS);
            Map<String, String> tags = new LinkedHashMap<>();
            for (int i = 0; i < tagCount; i++) {
                tags.put(getString(buf), getString(buf));
            }
            int currentVersion = buf.getInt();
            int versionCount = getCount(buf, MAX_VERSIONS);
            for (int i = 0; i < versionCount; i++) {
                int number = buf.getInt();
                KeyState versionState = KeyState.valueOf(getString(buf));
                Instant versionCreated = getInstant(buf);
                int length = getCount(buf, MAX_MATERIAL_BYTES);
                byte[] material = new byte[length];
                buf.get(material);
                versions.add(new KeyRecord.Version(number, versionState, versionCreated, material));
            }
            if (buf.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after the key record");
            }
            if (!KeyCapabilities.isSupported(spec, usage)) {
                throw new IllegalArgumentException("unsupported spec and usage " + spec + "/" + usage);
            }
            return new KeyRecord(keyId, spec, usage, description, tags, createdAt, state, deletionDate,
                    currentVersion, versions);
        } catch (BufferUnderflowException e) {
            versions.forEach(KeyRecord.Version::wipe);
            throw new IllegalArgumentException("key record is truncated");
        } catch (DateTimeException e) {
            versions.forEach(KeyRecord.Version::wipe);
            throw new IllegalArgumentException("key record has an invalid time");
        } catch (IllegalArgumentException e) {
            // Includes unknown enum names and broken invariants from the KeyRecord constructor.
            versions.forEach(KeyRecord.Version::wipe);
            throw new IllegalArgumentException("key record is malformed: " + e.getMessage());
        }
    }

    private static int str(byte[] utf8) {
        return 4 + utf8.length;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putString(ByteBuffer buf, byte[] utf8) {
        buf.putInt(utf8.length).put(utf8);
    }

    private static void putInstant(ByteBuffer buf, Instant t) {
        buf.putLong(t.getEpochSecond()).putInt(t.getNano());
    }

    private static String getString(ByteBuffer buf) {
        int length = getCount(buf, MAX_STRING_BYTES);
        byte[] b = new byte[length];
        buf.get(b);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid UTF-8 in key record");
        }
    }

    private static Instant getInstant(ByteBuffer buf) {
        long seconds = buf.getLong();
        int nanos = buf.getInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("invalid nanoseconds in key record");
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static boolean getFlag(ByteBuffer buf) {
        byte b = buf.get();
        if (b != 0 && b != 1) {
            throw new IllegalArgumentException("invalid flag in key record");
        }
        return b == 1;
    }

    private static int getCount(ByteBuffer buf, int max) {
        int n = buf.getInt();
        if (n < 0 || n > max) {
            throw new IllegalArgumentException("length " + n + " out of range in key record");
        }
        return n;
    }
}
