package dev.kms4j.internal.audit;

import java.time.Clock;
import java.time.Instant;

/**
 * Wall-clock instants for audit records, computed from a {@link System#nanoTime()} reading the
 * audit layer takes anyway (for the latency), instead of a second clock call per operation: a
 * {@code Clock.systemUTC().instant()} costs about 40 ns on a virtual machine, a visible share of a
 * 1 µs local operation. The pairing of wall time and {@code nanoTime} is renewed whenever it is a
 * second old, so a record's time is off from the system clock by at most what the system clock is
 * slewed (NTP: at most 0.5 ms a second) or stepped within that second. Written by hand: the JDK
 * has no such clock, and OpenTelemetry's equivalent is internal to its SDK.
 *
 * <p>Thread-safe: the anchor is an immutable object behind a volatile field; two threads renewing
 * it at once both install a valid one.
 */
final class AnchoredWallClock {
    private static final long RENEW_AFTER_NANOS = 1_000_000_000L;

    private final Clock clock;
    private volatile Anchor anchor;

    AnchoredWallClock(Clock clock) {
        this.clock = clock;
        this.anchor = anchorNow();
    }

    /** The wall-clock instant at which {@code System.nanoTime()} returned {@code nanoTime}. */
    Instant at(long nanoTime) {
        Anchor a = anchor;
        long elapsed = nanoTime - a.nanoTime();
        if (elapsed >= RENEW_AFTER_NANOS || elapsed <= -RENEW_AFTER_NANOS) {
            a = anchorNow();
            anchor = a;
            elapsed = nanoTime - a.nanoTime();
        }
        return a.wall().plusNanos(elapsed);
    }

    private Anchor anchorNow() {
        // Read nanoTime on both sides of the wall clock and pair the wall time with the middle.
        long before = System.nanoTime();
        Instant wall = clock.instant();
        long after = System.nanoTime();
        return new Anchor(before + (after - before) / 2, wall);
    }

    /** A wall-clock instant and the {@code nanoTime} reading taken with it. */
    private record Anchor(long nanoTime, Instant wall) {
    }
}
