package dev.kms4j.audit;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsOperation;
import dev.kms4j.internal.audit.JsonLine;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One audited kms4j operation: when, what, on which key, by whom, how it ended and how long it
 * took. By construction it holds no key material, plaintext, ciphertext, signature, token or
 * encryption context: only the names and codes below.
 *
 * <p>{@link #toJson()} gives the canonical one-line form (field order fixed):
 * <pre>{@code
 * {"time":"2026-11-23T18:31:32.123456Z","request_id":"k4j-…-1a","principal":"svc-billing",
 *  "operation":"sign","provider":"local","key":"local://payments","key_version":"2",
 *  "outcome":"OK","error_code":null,"latency_us":412}
 * }</pre>
 *
 * <p>Immutable and thread-safe. Not secret, but it is security-relevant: keep it.
 */
public final class AuditRecord {
    private final Instant time;
    private final String requestId;
    private final String principal;
    private final KmsOperation operation;
    private final String provider;
    private final String key;
    private final String keyVersion;
    private final AuditOutcome outcome;
    private final KmsErrorCode errorCode;
    private final Duration latency;

    private AuditRecord(Builder b) {
        this.time = require(b.time, "time");
        this.requestId = require(b.requestId, "request id");
        this.principal = b.principal;
        this.operation = require(b.operation, "operation");
        this.provider = require(b.provider, "provider");
        this.key = require(b.key, "key");
        this.keyVersion = b.keyVersion;
        this.outcome = require(b.outcome, "outcome");
        this.errorCode = b.errorCode;
        this.latency = require(b.latency, "latency");
        if ((outcome == AuditOutcome.OK) != (errorCode == null)) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "an audit record has an error code exactly when its outcome is not OK");
        }
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "audit record " + what + " must not be null");
        }
        return value;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** When the operation started. */
    public Instant time() {
        return time;
    }

    /** The caller's request id, or one kms4j generated for this call. */
    public String requestId() {
        return requestId;
    }

    /** The caller's principal; empty for a call made without a caller context. */
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    /** The operation. */
    public KmsOperation operation() {
        return operation;
    }

    /** The provider scheme. */
    public String provider() {
        return provider;
    }

    /**
     * The key URI without version; for {@link KmsOperation#LIST_KEYS} the prefix listed; for
     * {@link KmsOperation#UNWRAP} the KEK recorded in the wrapped key.
     */
    public String key() {
        return key;
    }

    /** The exact key version used, when known (given in the reference or reported by the result). */
    public Optional<String> keyVersion() {
        return Optional.ofNullable(keyVersion);
    }

    /** How it ended. */
    public AuditOutcome outcome() {
        return outcome;
    }

    /** The error code, for outcomes other than OK. */
    public Optional<KmsErrorCode> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** How long the operation took, as seen by the audit layer. */
    public Duration latency() {
        return latency;
    }

    /** The canonical JSON object on one line, without a line break. */
    public String toJson() {
        return new JsonLine()
                .instant("time", time)
                .string("request_id", requestId)
                .string("principal", principal)
                .constant("operation", operation.methodName())
                .string("provider", provider)
                .string("key", key)
                .string("key_version", keyVersion)
                .constant("outcome", outcome.name())
                .string("error_code", errorCode == null ? null : errorCode.name())
                .number("latency_us", latency.toNanos() / 1000)
                .close();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditRecord && toJson().equals(((AuditRecord) o).toJson());
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, requestId, operation, key, outcome);
    }

    /** Same as {@link #toJson()}. */
    @Override
    public String toString() {
        return toJson();
    }

    /** Builds an {@link AuditRecord}; missing fields fail at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private Instant time;
        private String requestId;
        private String principal;
        private KmsOperation operation;
        private String provider;
        private String key;
        private String keyVersion;
        private AuditOutcome outcome;
        private KmsErrorCode errorCode;
        private Duration latency;

        private Builder() {
        }

        /** Required. */
        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        /** Required. */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** Optional. */
        public Builder principal(String principal) {
            this.principal = principal;
            return this;
        }

        /** Required. */
        public Builder operation(KmsOperation operation) {
            this.operation = operation;
            return this;
        }

        /** Required: the provider scheme. */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /** Required: the key URI without version (or the listing prefix). */
        public Builder key(String key) {
            this.key = key;
            return this;
        }

        /** Optional. */
        public Builder keyVersion(String keyVersion) {
            this.keyVersion = keyVersion;
            return this;
        }

        /** Required. */
        public Builder outcome(AuditOutcome outcome) {
            this.outcome = outcome;
            return this;
        }

        /** Required when the outcome is not OK, absent otherwise. */
        public Builder errorCode(KmsErrorCode errorCode) {
            this.errorCode = errorCode;
            return this;
        }

        /** Required. */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /**
         * Builds the record.
         *
         * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if a required field is missing
         */
        public AuditRecord build() {
            return new AuditRecord(this);
        }
    }
}
