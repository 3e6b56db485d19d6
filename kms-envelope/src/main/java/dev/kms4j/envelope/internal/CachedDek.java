package dev.kms4j.envelope.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One DEK cache entry: the material, the payload associated data of its messages, for the
 * encryption cache the finished header, and usage counters. Not secret itself; the
 * material is. Thread-safe (counters are atomic, the rest is final).
 */
public final class CachedDek {
    private final DekMaterial material;
    private final byte[] header;
    private final byte[] payloadAad;
    private final long createdNanos;
    final AtomicLong messages = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    /**
     * @param material its reference is taken by the cache on {@link DekCache#put}
     * @param header the tagged header of messages using this DEK, or null in the decryption cache
     * @param payloadAad fixed header fields and context: the payload AEAD's associated data
     */
    public CachedDek(DekMaterial material, byte[] header, byte[] payloadAad, long createdNanos) {
        this.material = material;
        this.header = header;
        this.payloadAad = payloadAad;
        this.createdNanos = createdNanos;
    }

    public DekMaterial material() {
        return material;
    }

    /** The tagged header, shared: callers copy it into their output and never modify it. */
    public byte[] header() {
        return header;
    }

    /** The payload associated data, shared: callers never modify it. */
    public byte[] payloadAad() {
        return payloadAad;
    }

    long createdNanos() {
        return createdNanos;
    }
}
