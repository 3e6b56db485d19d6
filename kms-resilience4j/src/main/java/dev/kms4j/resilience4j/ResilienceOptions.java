package dev.kms4j.resilience4j;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.resilience4j.internal.MonotonicClock;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of the {@link Resilience} decorator: the defaults for every provider. Each one can
 * be overridden per provider through that provider's {@code ProviderConfig} (explicitly, or with
 * the system property {@code kms4j.<scheme>.<setting>}); the setting names are given below and in
 * {@code docs/operations-resilience.md}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>builder method</th><th>provider setting</th><th>default</th></tr>
 *   <tr><td>{@link Builder#maxAttempts}</td><td>retry-max-attempts</td><td>3 (1 = no retries)</td></tr>
 *   <tr><td>{@link Builder#initialBackoff}</td><td>retry-initial-backoff</td><td>100ms</td></tr>
 *   <tr><td>{@link Builder#maxBackoff}</td><td>retry-max-backoff</td><td>2s</td></tr>
 *   <tr><td>{@link Builder#retryUnsafeOperations}</td><td>retry-unsafe-operations</td><td>false</td></tr>
 *   <tr><td>{@link Builder#deadline}</td><td>deadline</td><td>10s</td></tr>
 *   <tr><td>{@link Builder#breakerEnabled}</td><td>breaker-enabled</td><td>true</td></tr>
 *   <tr><td>{@link Builder#breakerFailureRate}</td><td>breaker-failure-rate</td><td>50 (percent)</td></tr>
 *   <tr><td>{@link Builder#breakerWindow}</td><td>breaker-window</td><td>20 (calls)</td></tr>
 *   <tr><td>{@link Builder#breakerMinimumCalls}</td><td>breaker-minimum-calls</td><td>10</td></tr>
 *   <tr><td>{@link Builder#breakerOpenWait}</td><td>breaker-open-wait</td><td>30s</td></tr>
 *   <tr><td>{@link Builder#breakerHalfOpenCalls}</td><td>breaker-half-open-calls</td><td>3</td></tr>
 *   <tr><td>{@link Builder#breakerCountsThrottling}</td><td>breaker-counts-throttling</td><td>false</td></tr>
 *   <tr><td>{@link Builder#breakerPerEndpoint}</td><td>breaker-per-endpoint</td><td>true</td></tr>
 *   <tr><td>{@link Builder#rateLimit}</td><td>rate-limit</td><td>0 (off)</td></tr>
 *   <tr><td>{@link Builder#rateLimitPeriod}</td><td>rate-limit-period</td><td>1s</td></tr>
 *   <tr><td>{@link Builder#maxConcurrent}</td><td>max-concurrent</td><td>0 (off)</td></tr>
 *   <tr><td>{@link Builder#maxConcurrentWait}</td><td>max-concurrent-wait</td><td>50ms</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe. Holds no secrets.
 */
public final class ResilienceOptions {
    private static final ResilienceOptions DEFAULTS = builder().build();
    /** More attempts than this only multiply load on a struggling service. */
    static final int MAX_ATTEMPTS_LIMIT = 100;

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final boolean retryUnsafeOperations;
    private final Duration deadline;
    private final boolean breakerEnabled;
    private final int breakerFailureRate;
    private final int breakerWindow;
    private final int breakerMinimumCalls;
    private final Duration breakerOpenWait;
    private final int breakerHalfOpenCalls;
    private final boolean breakerCountsThrottling;
    private final boolean breakerPerEndpoint;
    private final int rateLimit;
    private final Duration rateLimitPeriod;
    private final int maxConcurrent;
    private final Duration maxConcurrentWait;
    private final Clock clock;
    private final Sleeper sleeper;

    private ResilienceOptions(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.retryUnsafeOperations = b.retryUnsafeOperations;
        this.deadline = b.deadline;
        this.breakerEnabled = b.breakerEnabled;
        this.breakerFailureRate = b.breakerFailureRate;
        this.breakerWindow = b.breakerWindow;
        this.breakerMinimumCalls = b.breakerMinimumCalls;
        this.breakerOpenWait = b.breakerOpenWait;
        this.breakerHalfOpenCalls = b.breakerHalfOpenCalls;
        this.breakerCountsThrottling = b.breakerCountsThrottling;
        this.breakerPerEndpoint = b.breakerPerEndpoint;
        this.rateLimit = b.rateLimit;
        this.rateLimitPeriod = b.rateLimitPeriod;
        this.maxConcurrent = b.maxConcurrent;
        this.maxConcurrentWait = b.maxConcurrentWait;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
    }

    /** The defaults listed above. */
    public static ResilienceOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Attempts per call, the first included; {@code 1} turns retries off. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The bound of the first backoff; each later bound doubles, up to {@link #maxBackoff()}. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The largest backoff bound (a provider's {@code retryAfter} may still ask for longer). */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Whether operations that are not safe to repeat ({@code createKey}, {@code rotate}, deletion scheduling) are retried after any retryable error. */
    public boolean retryUnsafeOperations() {
        return retryUnsafeOperations;
    }

    /** The time budget of one call: all attempts and waits. */
    public Duration deadline() {
        return deadline;
    }

    /** Whether circuit breaking is on. */
    public boolean breakerEnabled() {
        return breakerEnabled;
    }

    /** The failure rate (percent of counted calls in the window) that opens the circuit. */
    public int breakerFailureRate() {
        return breakerFailureRate;
    }

    /** How many recent calls the failure rate is computed over. */
    public int breakerWindow() {
        return breakerWindow;
    }

    /** How many calls the window must hold before the failure rate can open the circuit. */
    public int breakerMinimumCalls() {
        return breakerMinimumCalls;
    }

    /** How long an open circuit fails fast before letting trial calls through. */
    public Duration breakerOpenWait() {
        return breakerOpenWait;
    }

    /** How many trial calls a half-open circuit lets through. */
    public int breakerHalfOpenCalls() {
        return breakerHalfOpenCalls;
    }

    /** Whether {@code THROTTLED} answers count as failures for the breaker (otherwise they are ignored). */
    public boolean breakerCountsThrottling() {
        return breakerCountsThrottling;
    }

    /** Whether each endpoint named by key references gets its own circuit (otherwise one per provider). */
    public boolean breakerPerEndpoint() {
        return breakerPerEndpoint;
    }

    /** Calls allowed per {@link #rateLimitPeriod()} per provider; {@code 0} means no limit. */
    public int rateLimit() {
        return rateLimit;
    }

    /** The period the rate limit refills in. */
    public Duration rateLimitPeriod() {
        return rateLimitPeriod;
    }

    /** Calls in flight at once per provider; {@code 0} means no limit. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** How long a call waits for a free slot when {@link #maxConcurrent()} calls are in flight. */
    public Duration maxConcurrentWait() {
        return maxConcurrentWait;
    }

    /** The clock deadlines, open-circuit waits and the rate limiter read. */
    public Clock clock() {
        return clock;
    }

    /** How waits between attempts are spent. */
    public Sleeper sleeper() {
        return sleeper;
    }

    @Override
    public String toString() {
        return "ResilienceOptions{maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff
                + ", retryUnsafeOperations=" + retryUnsafeOperations + ", deadline=" + deadline
                + ", breaker=" + (breakerEnabled ? breakerFailureRate + "% of " + breakerWindow + " (min "
                + breakerMinimumCalls + "), open " + breakerOpenWait + ", half-open " + breakerHalfOpenCalls
                + (breakerCountsThrottling ? ", counts throttling" : "")
                + (breakerPerEndpoint ? ", per endpoint" : "") : "off")
                + ", rateLimit=" + (rateLimit == 0 ? "off" : rateLimit + "/" + rateLimitPeriod)
                + ", maxConcurrent=" + (maxConcurrent == 0 ? "off" : maxConcurrent + " (wait " + maxConcurrentWait + ")")
                + "}";
    }

    /**
     * Builds {@link ResilienceOptions}; {@link #build()} validates. Not thread-safe.
     */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private boolean retryUnsafeOperations;
        private Duration deadline = Duration.ofSeconds(10);
        private boolean breakerEnabled = true;
        private int breakerFailureRate = 50;
        private int breakerWindow = 20;
        private int breakerMinimumCalls = 10;
        private Duration breakerOpenWait = Duration.ofSeconds(30);
        private int breakerHalfOpenCalls = 3;
        private boolean breakerCountsThrottling;
        private boolean breakerPerEndpoint = true;
        private int rateLimit;
        private Duration rateLimitPeriod = Duration.ofSeconds(1);
        private int maxConcurrent;
        private Duration maxConcurrentWait = Duration.ofMillis(50);
        private Clock clock = MonotonicClock.INSTANCE;
        private Sleeper sleeper = Sleeper.threadSleep();

        private Builder() {
        }

        private Builder(ResilienceOptions o) {
            maxAttempts = o.maxAttempts;
            initialBackoff = o.initialBackoff;
            maxBackoff = o.maxBackoff;
            retryUnsafeOperations = o.retryUnsafeOperations;
            deadline = o.deadline;
            breakerEnabled = o.breakerEnabled;
            breakerFailureRate = o.breakerFailureRate;
            breakerWindow = o.breakerWindow;
            breakerMinimumCalls = o.breakerMinimumCalls;
            breakerOpenWait = o.breakerOpenWait;
            breakerHalfOpenCalls = o.breakerHalfOpenCalls;
            breakerCountsThrottling = o.breakerCountsThrottling;
            breakerPerEndpoint = o.breakerPerEndpoint;
            rateLimit = o.rateLimit;
            rateLimitPeriod = o.rateLimitPeriod;
            maxConcurrent = o.maxConcurrent;
            maxConcurrentWait = o.maxConcurrentWait;
            clock = o.clock;
            sleeper = o.sleeper;
        }

        /** Attempts per call, the first included, 1 to 100 ({@code retry-max-attempts}). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The first backoff bound, at least 1 ms ({@code retry-initial-backoff}). */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** The largest backoff bound, at least the initial one ({@code retry-max-backoff}). */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * Retry {@code createKey}, {@code rotate}, {@code scheduleDeletion} and
         * {@code cancelDeletion} after any retryable error, accepting that a retry after a lost
         * answer may act twice ({@code retry-unsafe-operations}). Off, they are retried only
         * after errors that prove the request was not carried out.
         */
        public Builder retryUnsafeOperations(boolean retryUnsafeOperations) {
            this.retryUnsafeOperations = retryUnsafeOperations;
            return this;
        }

        /** The time budget of one call, all attempts and waits, longer than zero ({@code deadline}). */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** Circuit breaking on or off ({@code breaker-enabled}). */
        public Builder breakerEnabled(boolean breakerEnabled) {
            this.breakerEnabled = breakerEnabled;
            return this;
        }

        /** Failure rate in percent, 1 to 100, that opens the circuit ({@code breaker-failure-rate}). */
        public Builder breakerFailureRate(int percent) {
            this.breakerFailureRate = percent;
            return this;
        }

        /** Calls the failure rate is computed over, at least 1 ({@code breaker-window}). */
        public Builder breakerWindow(int calls) {
            this.breakerWindow = calls;
            return this;
        }

        /** Calls needed before the circuit can open, at least 1 ({@code breaker-minimum-calls}). */
        public Builder breakerMinimumCalls(int calls) {
            this.breakerMinimumCalls = calls;
            return this;
        }

        /** How long an open circuit fails fast, longer than zero ({@code breaker-open-wait}). */
        public Builder breakerOpenWait(Duration wait) {
            this.breakerOpenWait = wait;
            return this;
        }

        /** Trial calls in the half-open state, at least 1 ({@code breaker-half-open-calls}). */
        public Builder breakerHalfOpenCalls(int calls) {
            this.breakerHalfOpenCalls = calls;
            return this;
        }

        /** Count {@code THROTTLED} answers as breaker failures ({@code breaker-counts-throttling}). */
        public Builder breakerCountsThrottling(boolean counts) {
            this.breakerCountsThrottling = counts;
            return this;
        }

        /** One circuit per endpoint named in key references, or one per provider ({@code breaker-per-endpoint}). */
        public Builder breakerPerEndpoint(boolean perEndpoint) {
            this.breakerPerEndpoint = perEndpoint;
            return this;
        }

        /** Calls per {@link #rateLimitPeriod} per provider; 0 for no limit ({@code rate-limit}). */
        public Builder rateLimit(int calls) {
            this.rateLimit = calls;
            return this;
        }

        /** The rate limit's refill period, longer than zero ({@code rate-limit-period}). */
        public Builder rateLimitPeriod(Duration period) {
            this.rateLimitPeriod = period;
            return this;
        }

        /** Calls in flight per provider; 0 for no limit ({@code max-concurrent}). */
        public Builder maxConcurrent(int calls) {
            this.maxConcurrent = calls;
            return this;
        }

        /** How long to wait for a free slot, zero or more ({@code max-concurrent-wait}). */
        public Builder maxConcurrentWait(Duration wait) {
            this.maxConcurrentWait = wait;
            return this;
        }

        /**
         * The clock for deadlines, open-circuit waits and the rate limiter. The default is
         * monotonic ({@link System#nanoTime()}); tests pass a fake one.
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How waits are spent; the default is {@link Sleeper#threadSleep()}. Tests record them instead. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} naming the setting that is out of range
         */
        public ResilienceOptions build() {
            if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
                throw invalid("retry-max-attempts must be 1 to " + MAX_ATTEMPTS_LIMIT);
            }
            atLeast("retry-initial-backoff", initialBackoff, Duration.ofMillis(1));
            atLeast("retry-max-backoff", maxBackoff, initialBackoff);
            positive("deadline", deadline);
            if (breakerFailureRate < 1 || breakerFailureRate > 100) {
                throw invalid("breaker-failure-rate must be 1 to 100 (percent)");
            }
            atLeastOne("breaker-window", breakerWindow);
            atLeastOne("breaker-minimum-calls", breakerMinimumCalls);
            positive("breaker-open-wait", breakerOpenWait);
            atLeastOne("breaker-half-open-calls", breakerHalfOpenCalls);
            if (rateLimit < 0) {
                throw invalid("rate-limit must be 0 (off) or more");
            }
            positive("rate-limit-period", rateLimitPeriod);
            if (maxConcurrent < 0) {
                throw invalid("max-concurrent must be 0 (off) or more");
            }
            atLeast("max-concurrent-wait", maxConcurrentWait, Duration.ZERO);
            if (clock == null || sleeper == null) {
                throw invalid("clock and sleeper must not be null");
            }
            return new ResilienceOptions(this);
        }

        private static void atLeastOne(String name, int value) {
            if (value < 1) {
                throw invalid(name + " must be at least 1");
            }
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw invalid(name + " must be longer than zero");
            }
        }

        private static void atLeast(String name, Duration value, Duration min) {
            if (value == null || value.compareTo(Objects.requireNonNull(min)) < 0) {
                throw invalid(name + " must be at least " + min);
            }
        }

        private static KmsException invalid(String message) {
            return new KmsException(KmsErrorCode.INVALID_ARGUMENT, "resilience option " + message);
        }
    }
}
