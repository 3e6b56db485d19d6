package dev.kms4j.envelope.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An equality key made of length-prefixed byte strings (the decryption cache key: the exact
 * header bytes, which hold every KEK URI and wrapped DEK, and the context). Not secret: headers
 * are ciphertext and the context is not secret, so plain (not constant-time) equality is fine.
 * Immutable and thread-safe.
 */
public final class BytesKey {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;
    private final int hash;

    private BytesKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = hash(bytes);
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

    /**
     * A hash over eight bytes at a time: {@link Arrays#hashCode(byte[])} takes one dependent
     * multiply per byte, which on a cached one-shot decryption costs a fifth of the AES-GCM work.
     * Only the cache's own keys (headers that authenticated) are stored, so a flood of colliding
     * headers can slow lookups but never grow the cache.
     */
    private static int hash(byte[] b) {
        long h = 0x9E3779B97F4A7C15L ^ b.length;
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            h = Long.rotateLeft(h ^ (long) LONGS.get(b, i), 29) * 0xBF58476D1CE4E5B9L;
        }
        for (; i < b.length; i++) {
            h = Long.rotateLeft(h ^ (b[i] & 0xff), 11) * 0x94D049BB133111EBL;
        }
        h ^= h >>> 32;
        return (int) h;
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
