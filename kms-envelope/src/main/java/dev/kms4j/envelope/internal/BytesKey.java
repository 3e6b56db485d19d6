package dev.kms4j.envelope.internal;

import java.util.Arrays;

/**
 * An equality key made of length-prefixed byte strings (the decryption cache key: the exact
 * header bytes, which hold every KEK URI and wrapped DEK, and the context). Not secret: headers
 * are ciphertext and the context is not secret, so plain (not constant-time) equality is fine.
 * Immutable and thread-safe.
 */
public final class BytesKey {
    private final byte[] bytes;
    private final int hash;

    private BytesKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The first {@code length} bytes of {@code a}, then all of {@code b}, each length-prefixed; one allocation. */
    public static BytesKey of(byte[] a, int length, byte[] b) {
        byte[] out = new byte[8 + length + b.length];
        putInt(out, 0, length);
        System.arraycopy(a, 0, out, 4, length);
        putInt(out, 4 + length, b.length);
        System.arraycopy(b, 0, out, 8 + length, b.length);
        return new BytesKey(out);
    }

    private static void putInt(byte[] out, int at, int v) {
        out[at] = (byte) (v >>> 24);
        out[at + 1] = (byte) (v >>> 16);
        out[at + 2] = (byte) (v >>> 8);
        out[at + 3] = (byte) v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BytesKey && Arrays.equals(bytes, ((BytesKey) o).bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "BytesKey{" + bytes.length + " bytes}";
    }
}
