package dev.kms4j;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a provider rotates a key by itself, and how often. Providers that support it
 * ({@link Capability#ROTATION_POLICY}) may restrict the period; AWS KMS, for example, accepts
 * whole days from 90 to 2560. Immutable and thread-safe; not secret.
 */
public final class RotationPolicy {
    private static final RotationPolicy MANUAL = new RotationPolicy(null);

    private final Duration period;

    private RotationPolicy(Duration period) {
        this.period = period;
    }

    /** No automatic rotation: the key rotates only when {@code rotate} is called. */
    public static RotationPolicy manual() {
        return MANUAL;
    }

    /**
     * Automatic rotation every {@code period}.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if the period is not positive
     */
    public static RotationPolicy every(Duration period) {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "rotation period must be positive, got " + period);
        }
        return new RotationPolicy(period);
    }

    /** The rotation period, or empty for {@link #manual()}. */
    public Optional<Duration> period() {
        return Optional.ofNullable(period);
    }

    /** Whether the provider rotates the key by itself. */
    public boolean isAutomatic() {
        return period != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RotationPolicy && Objects.equals(period, ((RotationPolicy) o).period);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(period);
    }

    @Override
    public String toString() {
        return period == null ? "RotationPolicy{manual}" : "RotationPolicy{every " + period + "}";
    }
}
