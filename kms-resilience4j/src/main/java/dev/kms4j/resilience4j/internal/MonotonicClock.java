package dev.kms4j.resilience4j.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that never jumps: wall time at class load plus {@link System#nanoTime()} elapsed since.
 * Deadlines and open-circuit waits must not stretch or shrink when NTP steps the wall clock.
 * Stateless after start-up and thread-safe.
 */
public final class MonotonicClock extends Clock {
    /** The one instance. */
    public static final MonotonicClock INSTANCE = new MonotonicClock();

    private final Instant origin = Instant.now();
    private final long originNanos = System.nanoTime();

    private MonotonicClock() {
    }

    /** Nanoseconds on an arbitrary fixed origin, as {@link System#nanoTime()}. */
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // Only instants are used; a zone changes nothing about them.
        return this;
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(System.nanoTime() - originNanos);
    }

    @Override
    public String toString() {
        return "MonotonicClock";
    }
}
