package dev.kms4j.internal.audit;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids for calls whose caller gave none: a random per-process prefix and a counter.
 * Unique within a process and, with 64 random bits, across processes in practice; much cheaper
 * than a random UUID per call. Not secret and not unpredictable by design: an id only correlates
 * records. Thread-safe.
 */
public final class RequestIds {
    private static final String PREFIX;
    private static final AtomicLong COUNTER = new AtomicLong();

    static {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        StringBuilder sb = new StringBuilder("k4j-");
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        PREFIX = sb.append('-').toString();
    }

    private RequestIds() {
    }

    /** A new id, for example {@code k4j-3f9a0c1d2e4b5a69-1a}. */
    public static String next() {
        return PREFIX + Long.toHexString(COUNTER.incrementAndGet());
    }
}
