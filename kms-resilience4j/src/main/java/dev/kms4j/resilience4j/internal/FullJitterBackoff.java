package dev.kms4j.resilience4j.internal;

import dev.kms4j.KmsException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

/**
 * Resilience4j's wait before retry {@code n}: "full jitter" (a uniformly random wait between 0
 * and {@code min(max, initial * 2^(n-1))}, which spreads a crowd of clients that failed together
 * better than adding a little jitter to a fixed exponential wait), raised to the provider's
 * {@link KmsException#retryAfter()} when it asked for longer. The deadline is enforced by the
 * caller, not here. Thread-safe.
 */
final class FullJitterBackoff implements IntervalBiFunction<Object> {
    /** Shared: SecureRandom is thread-safe, and randomness in kms4j always comes from it. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Duration LONGEST_HONOURED = Duration.ofDays(1);

    private final long initialMillis;
    private final long maxMillis;

    FullJitterBackoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The exponential bound of the wait after failed attempt {@code attempt} (1-based). */
    long bound(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 62));
        long bound = initialMillis;
        for (int i = 0; i < doublings && bound < maxMillis; i++) {
            bound = bound * 2;
        }
        return Math.min(bound, maxMillis);
    }

    @Override
    public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
        long wait = RANDOM.nextLong(bound(attempt) + 1);
        if (outcome != null && outcome.isLeft() && outcome.getLeft() instanceof KmsException) {
            Optional<Duration> asked = ((KmsException) outcome.getLeft()).retryAfter();
            if (asked.isPresent() && !asked.get().isNegative()) {
                wait = Math.max(wait, ceilMillis(asked.get()));
            }
        }
        return wait;
    }

    private static long ceilMillis(Duration d) {
        if (d.compareTo(LONGEST_HONOURED) > 0) {
            // Far beyond any deadline anyway; clamped so the conversion cannot overflow.
            return LONGEST_HONOURED.toMillis();
        }
        long millis = d.toMillis();
        return d.minusMillis(millis).isZero() ? millis : millis + 1;
    }
}
