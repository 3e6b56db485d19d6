package dev.kms4j.testkit.faults;

import java.time.Duration;
import java.util.Objects;

/**
 * The faults set for one operation (or for all operations): a fixed latency and, optionally, a
 * failure that happens a given number of times (or always) before requests succeed again.
 * Obtained from {@link Faults#on(String)} or {@link Faults#onAll()}; the setters chain.
 *
 * <p>Thread-safe: all state is guarded by this rule's monitor, so concurrent requests consume
 * the remaining failure count exactly once each.
 */
public final class FaultRule {
    private Duration latency = Duration.ZERO;
    private Fault fault;
    /** Remaining failures; negative means "always". */
    private long remaining;

    FaultRule() {
    }

    /** Fails the next {@code times} requests with {@code fault}, then lets requests succeed. */
    public synchronized FaultRule failTimes(int times, Fault fault) {
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative: " + times);
        }
        this.fault = Objects.requireNonNull(fault, "fault");
        this.remaining = times;
        return this;
    }

    /** Fails every request with {@code fault} until the rule is cleared. */
    public synchronized FaultRule always(Fault fault) {
        this.fault = Objects.requireNonNull(fault, "fault");
        this.remaining = -1;
        return this;
    }

    /** Delays every answer (including failures) by a fixed {@code delay}. */
    public synchronized FaultRule latency(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        this.latency = delay;
        return this;
    }

    /** Removes the failure and the latency. */
    public synchronized FaultRule clear() {
        this.fault = null;
        this.remaining = 0;
        this.latency = Duration.ZERO;
        return this;
    }

    /** How many more requests will fail ({@code -1} for always, {@code 0} for none). */
    public synchronized long remainingFailures() {
        return fault == null ? 0 : remaining;
    }

    synchronized Duration latency() {
        return latency;
    }

    /** Takes one failure if any is pending, counting it down. */
    synchronized Fault takeFailure() {
        if (fault == null || remaining == 0) {
            return null;
        }
        if (remaining > 0) {
            remaining--;
        }
        return fault;
    }
}
