package dev.kms4j.testkit.faults;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One injected failure, described independently of any service: each fake renders it in its own
 * wire format (the AWS fake answers a throttle with {@code ThrottlingException}, a future Vault
 * fake with HTTP 429, and so on).
 *
 * <p>Immutable and thread-safe. Holds no secrets.
 */
public final class Fault {

    /** What kind of failure the fake produces. */
    public enum Kind {
        /** The service's throttling error (retryable by clients). */
        THROTTLE,
        /** An HTTP error answer with the given status and the service's internal-error body. */
        HTTP_ERROR,
        /** The server resets the TCP connection instead of answering. */
        CONNECTION_RESET,
        /**
         * The service reports that it (or a service it depends on) timed out. A fake answers with
         * its service's timeout error (AWS KMS: {@code DependencyTimeoutException}); in process,
         * {@link FaultInjectingProvider} throws {@code TIMEOUT}.
         */
        TIMEOUT
    }

    private final Kind kind;
    private final int httpStatus;
    private final Duration retryAfter;

    private Fault(Kind kind, int httpStatus, Duration retryAfter) {
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    private Fault(Kind kind, int httpStatus) {
        this(kind, httpStatus, null);
    }

    /**
     * The service's throttling error. Its {@link #httpStatus()} is the generic 429; a fake
     * answers with its service's own status (AWS KMS: 400 {@code ThrottlingException}).
     */
    public static Fault throttle() {
        return new Fault(Kind.THROTTLE, 429);
    }

    /**
     * The service's throttling error, asking the client to wait {@code retryAfter} before
     * retrying. {@link FaultInjectingProvider} puts it in {@code KmsException.retryAfter()}; the
     * HTTP fakes do not render it (the AWS SDK does not read a retry hint from KMS errors).
     */
    public static Fault throttle(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
        return new Fault(Kind.THROTTLE, 429, retryAfter);
    }

    /** The service's timeout error (generic status 504). */
    public static Fault timeout() {
        return new Fault(Kind.TIMEOUT, 504);
    }

    /** HTTP 500 with the service's internal-error body. */
    public static Fault internalError() {
        return httpError(500);
    }

    /** HTTP 503 (service unavailable). */
    public static Fault unavailable() {
        return httpError(503);
    }

    /** An HTTP error answer with any 4xx/5xx status. */
    public static Fault httpError(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HTTP error status must be 4xx or 5xx: " + status);
        }
        return new Fault(Kind.HTTP_ERROR, status);
    }

    /** The connection is reset by the server (clients see an I/O error). */
    public static Fault connectionReset() {
        return new Fault(Kind.CONNECTION_RESET, 0);
    }

    /** The kind of failure. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status to answer with ({@code 0} for {@link Kind#CONNECTION_RESET}). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The wait a throttling fault asks for, if it was given one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fault && ((Fault) o).kind == kind && ((Fault) o).httpStatus == httpStatus
                && Objects.equals(((Fault) o).retryAfter, retryAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, httpStatus, retryAfter);
    }

    @Override
    public String toString() {
        if (kind == Kind.HTTP_ERROR) {
            return "Fault[HTTP " + httpStatus + "]";
        }
        return "Fault[" + kind + (retryAfter == null ? "" : ", retryAfter=" + retryAfter) + "]";
    }
}
