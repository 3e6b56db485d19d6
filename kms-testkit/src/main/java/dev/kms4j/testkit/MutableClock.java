package dev.kms4j.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when a test moves it, so expiry, renewal, deletion windows and TTLs are
 * tested without sleeping. Give the same instance to the code under test and to the fake it
 * talks to. Always UTC. Thread-safe.
 */
public final class MutableClock extends Clock {
    /** Where {@link #MutableClock()} starts. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    /** A clock at {@link #DEFAULT_START}. */
    public MutableClock() {
        this(DEFAULT_START);
    }

    /** A clock at {@code start}. */
    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** Moves the clock by {@code d} (negative moves it back). */
    public void advance(Duration d) {
        Objects.requireNonNull(d, "d");
        now.updateAndGet(t -> t.plus(d));
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same clock: it is always UTC, and a copy would not move with this one. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
