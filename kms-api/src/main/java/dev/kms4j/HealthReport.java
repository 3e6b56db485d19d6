package dev.kms4j;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@link KmsManager#health()}: one {@link ProviderHealth} per enabled provider, in
 * scheme order, and their combined {@link #status()}.
 *
 * <p>Holds no secrets (see {@link ProviderHealth}). Immutable and thread-safe.
 */
public final class HealthReport {
    private final Instant checkedAt;
    private final List<ProviderHealth> providers;

    /** A report over {@code providers} (sorted by scheme here) checked at {@code checkedAt}. */
    public HealthReport(Instant checkedAt, List<ProviderHealth> providers) {
        if (checkedAt == null || providers == null || providers.stream().anyMatch(java.util.Objects::isNull)) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "health report needs a time and non-null entries");
        }
        List<ProviderHealth> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(ProviderHealth::scheme));
        this.checkedAt = checkedAt;
        this.providers = List.copyOf(sorted);
    }

    /** When the check started. */
    public Instant checkedAt() {
        return checkedAt;
    }

    /** Every provider's health, in scheme order. */
    public List<ProviderHealth> providers() {
        return providers;
    }

    /** One provider's health, if that scheme is enabled. */
    public Optional<ProviderHealth> provider(String scheme) {
        return providers.stream().filter(p -> p.scheme().equals(scheme)).findFirst();
    }

    /**
     * The combined status: {@code DOWN} if any provider is down, else {@code DEGRADED} if any is
     * degraded, else {@code UP} if any is up, else {@code UNKNOWN} (also for no providers at all).
     * A provider whose status is unknown does not make the whole report unknown.
     */
    public ProviderHealth.Status status() {
        ProviderHealth.Status worst = ProviderHealth.Status.UNKNOWN;
        for (ProviderHealth p : providers) {
            if (severity(p.status()) > severity(worst)) {
                worst = p.status();
            }
        }
        return worst;
    }

    /** Whether any provider is {@code DOWN}. */
    public boolean anyDown() {
        return status() == ProviderHealth.Status.DOWN;
    }

    private static int severity(ProviderHealth.Status status) {
        switch (status) {
            case DOWN:
                return 3;
            case DEGRADED:
                return 2;
            case UP:
                return 1;
            default:
                return 0;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HealthReport && checkedAt.equals(((HealthReport) o).checkedAt)
                && providers.equals(((HealthReport) o).providers);
    }

    @Override
    public int hashCode() {
        return 31 * checkedAt.hashCode() + providers.hashCode();
    }

    @Override
    public String toString() {
        return "HealthReport[" + status() + ", " + providers + "]";
    }
}
