package dev.kms4j.resilience4j;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told, and a sleeper that records each wait and moves the clock by
 * it: tests assert on recorded waits and clock readings, never on real time. Thread-safe.
 */
final class FakeTime extends Clock {
    private static final Instant ORIGIN = Instant.parse("2026-11-23T12:00:00Z");

    private final AtomicLong elapsedNanos = new AtomicLong();
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    /** Moves the clock forward (what injected provider latency does). */
    void advance(Duration d) {
        elapsedNanos.addAndGet(d.toNanos());
    }

    /** The time since the start of the test. */
    Duration elapsed() {
        return Duration.ofNanos(elapsedNanos.get());
    }

    /** Records the wait and moves the clock by it. */
    Sleeper sleeper() {
        return d -> {
            waits.add(d);
            advance(d);
        };
    }

    Duration totalWait() {
        return waits.stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return ORIGIN.plusNanos(elapsedNanos.get());
    }
}
