package dev.kms4j.audit;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.internal.audit.AuditingKmsProvider;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.ProviderDecorator;
import java.time.Clock;
import java.util.Objects;

/**
 * Audits every kms4j operation on every provider: one {@link AuditRecord} per call to an
 * {@link AuditSink}, including calls the key access policy denies (it sits outside the policy)
 * and calls answered from the cache. Register with
 * {@code KmsManager.builder().decorate(AuditDecorator.builder().build())}.
 *
 * <p>Options: {@link Builder#sink} (default {@link Slf4jAuditSink}, logger {@code kms4j.audit});
 * {@link Builder#failClosed} (default {@code false}). For fast, frequent operations put an
 * {@link AsyncAuditSink} in front of the sink, so records are rendered and written off the
 * calling thread.
 *
 * <p><b>Sink failures.</b> By default a failing sink does not fail the operation: kms4j logs a
 * WARN on {@code dev.kms4j.internal.audit.AuditingKmsProvider} (operation and key only) and
 * returns the result, because an audit outage should not become a key-service outage. With
 * {@code failClosed(true)} the operation fails with {@code INTERNAL} instead and its result is
 * discarded (data keys closed, plaintext zeroed). The record is written after the operation, so a
 * state change (rotate, disable...) has already happened when fail-closed reports the failure.
 *
 * <p>Immutable and thread-safe. Records hold no secrets.
 */
public final class AuditDecorator implements ProviderDecorator {
    private final AuditSink sink;
    private final boolean failClosed;
    private final Clock clock;

    private AuditDecorator(Builder b) {
        this.sink = b.sink;
        this.failClosed = b.failClosed;
        this.clock = b.clock;
    }

    /** Starts a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Stage stage() {
        return Stage.AUDIT;
    }

    @Override
    public KmsProvider decorate(KmsProvider provider, ProviderConfig config) {
        return new AuditingKmsProvider(provider, sink, failClosed, clock);
    }

    @Override
    public String toString() {
        return "AuditDecorator[" + sink + (failClosed ? ", fail closed" : "") + "]";
    }

    /** Builds an {@link AuditDecorator}. Not thread-safe. */
    public static final class Builder {
        private AuditSink sink;
        private boolean failClosed;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Where records go (default: a new {@link Slf4jAuditSink}). */
        public Builder sink(AuditSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** {@code true}: an operation whose record cannot be written fails (default false). */
        public Builder failClosed(boolean failClosed) {
            this.failClosed = failClosed;
            return this;
        }

        /** The clock for record times (default: the system clock, UTC); for tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the decorator. */
        public AuditDecorator build() {
            if (sink == null) {
                sink = new Slf4jAuditSink();
            }
            if (failClosed && sink instanceof AsyncAuditSink) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "failClosed(true) needs a synchronous sink:"
                        + " an AsyncAuditSink learns of a failure only after the operation has returned");
            }
            return new AuditDecorator(this);
        }
    }
}
