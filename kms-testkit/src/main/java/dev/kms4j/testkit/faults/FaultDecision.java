package dev.kms4j.testkit.faults;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fake must do to one request: wait {@link #delay()}, then either fail with
 * {@link #fault()} or serve the request normally.
 *
 * <p>Immutable and thread-safe. Holds no secrets.
 */
public final class FaultDecision {
    private static final FaultDecision NONE = new FaultDecision(Duration.ZERO, null);

    private final Duration delay;
    private final Fault fault;

    private FaultDecision(Duration delay, Fault fault) {
        this.delay = delay;
        this.fault = fault;
    }

    static FaultDecision of(Duration delay, Fault fault) {
        Objects.requireNonNull(delay, "delay");
        return delay.isZero() && fault == null ? NONE : new FaultDecision(delay, fault);
    }

    /** Serve normally, without delay. */
    public static FaultDecision none() {
        return NONE;
    }

    /** How long to wait before answering ({@link Duration#ZERO} for no delay). */
    public Duration delay() {
        return delay;
    }

    /** The failure to produce instead of the normal answer, if any. */
    public Optional<Fault> fault() {
        return Optional.ofNullable(fault);
    }

    @Override
    public String toString() {
        return "FaultDecision[delay=" + delay + ", fault=" + fault + "]";
    }
}
