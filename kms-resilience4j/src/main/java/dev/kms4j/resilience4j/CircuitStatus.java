package dev.kms4j.resilience4j;

import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one circuit: the provider scheme, the endpoint it guards (if the key references
 * name one), and its state. Immutable and thread-safe; holds no secrets (endpoints are host names,
 * never credentials).
 */
public final class CircuitStatus {
    private final String scheme;
    private final String endpoint;
    private final CircuitState state;

    private CircuitStatus(String scheme, String endpoint, CircuitState state) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.endpoint = endpoint;
        this.state = Objects.requireNonNull(state, "state");
    }

    /**
     * A status.
     *
     * @param endpoint the endpoint (host, host:port or AWS region), or {@code null} for the
     *     provider-wide circuit
     */
    public static CircuitStatus of(String scheme, String endpoint, CircuitState state) {
        return new CircuitStatus(scheme, endpoint, state);
    }

    /** The provider scheme, for example {@code aws-kms}. */
    public String scheme() {
        return scheme;
    }

    /**
     * The endpoint this circuit guards ({@code myvault.vault.azure.net}, {@code vault.internal:8200},
     * {@code eu-west-1}); empty for the provider-wide circuit used by keys that name no endpoint.
     */
    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The circuit's state when the snapshot was taken. */
    public CircuitState state() {
        return state;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CircuitStatus)) {
            return false;
        }
        CircuitStatus other = (CircuitStatus) o;
        return scheme.equals(other.scheme) && Objects.equals(endpoint, other.endpoint) && state == other.state;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, endpoint, state);
    }

    @Override
    public String toString() {
        return "CircuitStatus[" + scheme + (endpoint == null ? "" : "/" + endpoint) + " " + state + "]";
    }
}
