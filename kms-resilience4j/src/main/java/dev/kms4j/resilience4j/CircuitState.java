package dev.kms4j.resilience4j;

/** The state of one circuit breaker, as metrics and health checks report it. Immutable; not secret. */
public enum CircuitState {
    /** Calls pass; failures are counted. */
    CLOSED,
    /** Calls fail fast with {@code UNAVAILABLE} without reaching the provider. */
    OPEN,
    /** A few trial calls pass; their outcome closes or re-opens the circuit. */
    HALF_OPEN,
    /** Circuit breaking is switched off for this provider ({@code breaker-enabled=false}). */
    DISABLED
}
