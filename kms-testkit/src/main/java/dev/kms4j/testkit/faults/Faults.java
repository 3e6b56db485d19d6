package dev.kms4j.testkit.faults;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection for a fake, keyed by operation name (for the AWS fake, the
 * {@code X-Amz-Target} operation such as {@code "Encrypt"}). Service-neutral: each fake asks
 * {@link #decide(String)} once per request and renders the {@link Fault} in its own protocol.
 *
 * <pre>{@code
 * fake.faults().on("Encrypt").failTimes(2, Fault.throttle());   // two throttles, then success
 * fake.faults().onAll().latency(Duration.ofMillis(200));          // every operation is slow
 * fake.faults().on("Sign").always(Fault.connectionReset());
 * fake.faults().clear();
 * }</pre>
 *
 * <p>An operation-specific failure is consumed before an all-operations failure; latencies add
 * up. Thread-safe. Holds no secrets.
 */
public final class Faults {
    private final Map<String, FaultRule> perOperation = new ConcurrentHashMap<>();
    private final FaultRule all = new FaultRule();

    /** The rule for one operation, created on first use. */
    public FaultRule on(String operation) {
        Objects.requireNonNull(operation, "operation");
        return perOperation.computeIfAbsent(operation, k -> new FaultRule());
    }

    /** The rule that applies to every operation. */
    public FaultRule onAll() {
        return all;
    }

    /** Removes every fault and latency. */
    public void clear() {
        perOperation.clear();
        all.clear();
    }

    /**
     * Decides what happens to one request of {@code operation}, consuming one pending failure
     * if there is one.
     */
    public FaultDecision decide(String operation) {
        FaultRule specific = operation == null ? null : perOperation.get(operation);
        Duration delay = all.latency();
        Fault fault = null;
        if (specific != null) {
            delay = delay.plus(specific.latency());
            fault = specific.takeFailure();
        }
        if (fault == null) {
            fault = all.takeFailure();
        }
        return FaultDecision.of(delay, fault);
    }
}
