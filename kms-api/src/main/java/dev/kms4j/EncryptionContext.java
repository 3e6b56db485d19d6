package dev.kms4j;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Additional authenticated data as name/value pairs: a ciphertext made under one context decrypts
 * only under an equal context. Bound as authenticated data by every provider that supports it
 * and by the envelope layer where a provider does not.
 *
 * <p>The context is <em>not secret</em>: like AWS KMS, providers may log it. Do not put secrets in
 * it. {@link #toString()} prints only the names, in case a caller does anyway.
 *
 * <p>Immutable and thread-safe. Entries are kept sorted by name, so two contexts with the same
 * pairs are equal and give the same {@link #toAad()} bytes whatever order they were built in.
 */
public final class EncryptionContext {
    /** Most entries accepted. */
    public static final int MAX_ENTRIES = 64;
    /** Most bytes (UTF-8, names and values together) accepted. */
    public static final int MAX_TOTAL_BYTES = 8192;

    private static final EncryptionContext EMPTY = new EncryptionContext(new TreeMap<>());

    private final Map<String, String> entries;
    /** Encoded once: providers bind it on every encrypt and decrypt, a hot path. */
    private final byte[] aad;

    private EncryptionContext(TreeMap<String, String> entries) {
        this.entries = Collections.unmodifiableMap(entries);
        this.aad = encode(entries);
    }

    /** The empty context. */
    public static EncryptionContext empty() {
        return EMPTY;
    }

    /**
     * A context with the given pairs.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} on null or empty names, null
     *     values, or more than {@link #MAX_ENTRIES} entries or {@link #MAX_TOTAL_BYTES} bytes
     */
    public static EncryptionContext of(Map<String, String> entries) {
        Objects.requireNonNull(entries, "entries");
        if (entries.isEmpty()) {
            return EMPTY;
        }
        if (entries.size() > MAX_ENTRIES) {
            throw invalid("encryption context has " + entries.size() + " entries; at most " + MAX_ENTRIES + " are allowed");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) {
                throw invalid("encryption context names must be non-empty");
            }
            if (e.getValue() == null) {
                throw invalid("encryption context value for '" + e.getKey() + "' is null");
            }
            total += utf8Length(e.getKey()) + utf8Length(e.getValue());
            sorted.put(e.getKey(), e.getValue());
        }
        if (total > MAX_TOTAL_BYTES) {
            throw invalid("encryption context is " + total + " bytes; at most " + MAX_TOTAL_BYTES + " are allowed");
        }
        return new EncryptionContext(sorted);
    }

    /** A context with one pair. */
    public static EncryptionContext of(String name, String value) {
        // HashMap accepts nulls, so of(Map) reports them as INVALID_ARGUMENT instead of an NPE.
        Map<String, String> one = new java.util.HashMap<>();
        one.put(name, value);
        return of(one);
    }

    private static KmsException invalid(String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The pairs, sorted by name. */
    public Map<String, String> asMap() {
        return entries;
    }

    /** Whether there are no pairs. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * A canonical, unambiguous byte encoding for use as AEAD associated data: the entry count,
     * then for each entry in name order the UTF-8 name and value, each prefixed by its length as
     * a 4-byte big-endian integer. The empty context encodes as four zero bytes.
     */
    public byte[] toAad() {
        return aad.clone();
    }

    private static byte[] encode(Map<String, String> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + entries.size() * 24);
        writeInt(out, entries.size());
        for (Map.Entry<String, String> e : entries.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(out, b.length);
        out.write(b, 0, b.length);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptionContext && entries.equals(((EncryptionContext) o).entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** Names only; values are left out. */
    @Override
    public String toString() {
        return "EncryptionContext" + entries.keySet();
    }
}
