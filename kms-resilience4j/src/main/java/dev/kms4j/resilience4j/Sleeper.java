package dev.kms4j.resilience4j;

import java.time.Duration;

/**
 * How the resilience decorator waits between attempts. Production uses {@link #threadSleep()};
 * tests pass one that records the waits and advances a fake clock, so they never really sleep.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
    /** Waits {@code duration} (always positive). */
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep}: the default. */
    static Sleeper threadSleep() {
        return d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    }
}
