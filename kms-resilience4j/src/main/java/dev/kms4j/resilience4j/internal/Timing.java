package dev.kms4j.resilience4j.internal;

import dev.kms4j.resilience4j.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock and sleeper of one guard. With the default monotonic clock it reads
 * {@link System#nanoTime()} directly (no {@code Instant} on the hot path); with any other clock
 * (a test's fake one) it derives nanoseconds from that clock, so waits the test's sleeper
 * records move deadlines, open-circuit waits and the rate limiter alike. Thread-safe.
 */
final class Timing {
    private final Clock clock;
    private final Sleeper sleeper;
    private final boolean monotonic;

    Timing(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.monotonic = clock instanceof MonotonicClock;
    }

    long nanoTime() {
        if (monotonic) {
            return System.nanoTime();
        }
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Whether {@link #nanoTime()} is {@link System#nanoTime()} itself. */
    boolean isSystemNanoTime() {
        return monotonic;
    }

    Clock clock() {
        return clock;
    }

    void sleep(long nanos) throws InterruptedException {
        sleeper.sleep(Duration.ofNanos(nanos));
    }
}
