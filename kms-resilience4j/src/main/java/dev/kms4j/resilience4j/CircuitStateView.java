package dev.kms4j.resilience4j;

import java.util.List;

/**
 * A read-only view of the circuit breakers, for metrics binders and health checks. Obtained from
 * {@link Resilience#circuits()}; it reads live state, so poll it whenever a gauge is sampled.
 *
 * <p>Thread-safe. Holds no secrets: schemes, endpoint host names and states only.
 */
public interface CircuitStateView {
    /**
     * A snapshot of every circuit of every provider the decorator currently wraps (providers
     * closed with their {@code KmsManager} drop out), in creation order.
     */
    List<CircuitStatus> circuits();
}
