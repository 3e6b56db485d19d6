package dev.kms4j;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of one provider at one moment: its status, how long the check took, and why it is
 * not {@link Status#UP} when it is not. {@link KmsManager#health()} returns one per enabled provider
 * in a {@link HealthReport}; a provider (or a decorator, for example a circuit breaker) may build
 * its own in {@link dev.kms4j.spi.KmsProvider#health()}.
 *
 * <p>Nothing here is secret: the reason is built from a {@link KmsException}'s code and message,
 * which by that class's contract never contain key material, plaintext, tokens or passwords, and
 * it is cut to {@value #MAX_REASON_LENGTH} characters on one line. Immutable and thread-safe.
 */
public final class ProviderHealth {
    /** The longest reason kept; longer ones are cut, so a report stays one line per provider. */
    public static final int MAX_REASON_LENGTH = 200;

    /** What a health check found. */
    public enum Status {
        /** The provider answered the probe: it can be reached and it accepted kms4j's credentials. */
        UP,
        /** The provider answers but not fully: rate-limited, or a breaker is half-open. */
        DEGRADED,
        /** The provider cannot serve: unreachable, timed out, credentials refused, or broken. */
        DOWN,
        /** No probe could say: the provider has no cheap read to probe with, or the probe did not apply. */
        UNKNOWN
    }

    private final String scheme;
    private final Status status;
    private final Duration latency;
    private final String reason;
    private final KmsErrorCode errorCode;
    private final Instant checkedAt;

    private ProviderHealth(Builder b) {
        this.scheme = b.scheme;
        this.status = b.status;
        this.latency = b.latency;
        this.reason = b.reason;
        this.errorCode = b.errorCode;
        this.checkedAt = b.checkedAt != null ? b.checkedAt : Instant.now();
    }

    /** Starts a builder for a provider's health. */
    public static Builder builder(String scheme, Status status) {
        return new Builder(scheme, status);
    }

    /** A provider that answered its probe. */
    public static ProviderHealth up(String scheme) {
        return builder(scheme, Status.UP).build();
    }

    /**
     * What a failed probe says about the provider. The rule is what the failure proves:
     * <ul>
     *   <li>{@code THROTTLED}: {@link Status#DEGRADED}, it answers but is rate-limiting us;</li>
     *   <li>{@code NOT_FOUND}, {@code PERMISSION_DENIED}: {@link Status#UP}, the backend was reached
     *       and authenticated the caller, who may simply not be allowed to list keys;</li>
     *   <li>{@code UNSUPPORTED}, {@code INVALID_ARGUMENT}: {@link Status#UNKNOWN}, the probe did not
     *       apply and may not have reached the backend at all;</li>
     *   <li>anything else ({@code UNAVAILABLE}, {@code TIMEOUT}, {@code UNAUTHENTICATED},
     *       {@code INTEGRITY}, {@code INTERNAL}, ...): {@link Status#DOWN}.</li>
     * </ul>
     * The error code is kept, and the reason is {@code "<CODE>: <message>"}.
     */
    public static ProviderHealth fromProbeFailure(String scheme, KmsException failure) {
        Objects.requireNonNull(failure, "failure");
        Status status;
        switch (failure.code()) {
            case THROTTLED:
                status = Status.DEGRADED;
                break;
            case NOT_FOUND:
            case PERMISSION_DENIED:
                status = Status.UP;
                break;
            case UNSUPPORTED:
            case INVALID_ARGUMENT:
                status = Status.UNKNOWN;
                break;
            default:
                status = Status.DOWN;
        }
        return builder(scheme, status).errorCode(failure.code())
                .reason(failure.code() + ": " + failure.getMessage()).build();
    }

    /** The provider's scheme. */
    public String scheme() {
        return scheme;
    }

    /** What the check found. */
    public Status status() {
        return status;
    }

    /** How long the check took (the timeout, if it timed out). */
    public Duration latency() {
        return latency;
    }

    /** Why the status is not plain {@link Status#UP}, if there is anything to say. Never secret. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The error code of the failure behind this status, if the check failed. */
    public Optional<KmsErrorCode> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** When the check started. */
    public Instant checkedAt() {
        return checkedAt;
    }

    /** A builder pre-filled with this value. */
    public Builder toBuilder() {
        Builder b = new Builder(scheme, status);
        b.latency = latency;
        b.reason = reason;
        b.errorCode = errorCode;
        b.checkedAt = checkedAt;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ProviderHealth)) {
            return false;
        }
        ProviderHealth other = (ProviderHealth) o;
        return scheme.equals(other.scheme) && status == other.status && latency.equals(other.latency)
                && Objects.equals(reason, other.reason) && errorCode == other.errorCode
                && checkedAt.equals(other.checkedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, status, latency, reason, errorCode, checkedAt);
    }

    @Override
    public String toString() {
        return "ProviderHealth[" + scheme + " " + status + " in " + latency.toMillis() + " ms"
                + (reason == null ? "" : ": " + reason) + "]";
    }

    /** Builds a {@link ProviderHealth}. Not thread-safe. */
    public static final class Builder {
        private final String scheme;
        private final Status status;
        private Duration latency = Duration.ZERO;
        private String reason;
        private KmsErrorCode errorCode;
        private Instant checkedAt;

        private Builder(String scheme, Status status) {
            this.scheme = requireArgument(scheme, "scheme");
            this.status = requireArgument(status, "status");
        }

        /** How long the check took (default zero; {@link KmsManager#health()} sets the measured time). */
        public Builder latency(Duration latency) {
            requireArgument(latency, "latency");
            if (latency.isNegative()) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "latency must not be negative");
            }
            this.latency = latency;
            return this;
        }

        /**
         * Why; must not contain secrets. Line breaks become spaces and it is cut to
         * {@value ProviderHealth#MAX_REASON_LENGTH} characters.
         */
        public Builder reason(String reason) {
            this.reason = reason == null ? null : oneShortLine(reason);
            return this;
        }

        /** The error code of the failure behind the status. */
        public Builder errorCode(KmsErrorCode errorCode) {
            this.errorCode = errorCode;
            return this;
        }

        /** When the check started (default: when {@link #build()} is called). */
        public Builder checkedAt(Instant checkedAt) {
            this.checkedAt = requireArgument(checkedAt, "checked-at time");
            return this;
        }

        /** Builds the value. */
        public ProviderHealth build() {
            return new ProviderHealth(this);
        }

        private static String oneShortLine(String text) {
            String line = text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
            return line.length() <= MAX_REASON_LENGTH ? line : line.substring(0, MAX_REASON_LENGTH - 3) + "...";
        }

        private static <T> T requireArgument(T value, String what) {
            if (value == null) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, what + " must not be null");
            }
            return value;
        }
    }
}
