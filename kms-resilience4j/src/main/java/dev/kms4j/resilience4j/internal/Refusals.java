package dev.kms4j.resilience4j.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.resilience4j.Resilience;
import java.time.Duration;

/**
 * The errors the resilience layer raises itself. Each carries a {@code kms4j.*} code in
 * {@link KmsException#providerErrorCode()} so callers, logs and metrics can tell a local refusal
 * from the provider's own answer. Messages name the operation, key and limit; nothing secret.
 * Stateless.
 */
final class Refusals {
    private Refusals() {
    }

    static KmsException circuitOpen(String scheme, Operation op, KeyRef ref, String circuit, Duration retryAfter) {
        return KmsException.builder(KmsErrorCode.UNAVAILABLE, subject(op, ref) + " refused: the circuit breaker for "
                        + circuit + " is open after repeated availability failures; failing fast"
                        + (retryAfter == null ? "" : " for another " + retryAfter.toMillis() + " ms"))
                .provider(scheme).keyRef(ref).providerErrorCode(Resilience.CIRCUIT_OPEN)
                .retryable(true).retryAfter(retryAfter).build();
    }

    static KmsException rateLimited(String scheme, Operation op, KeyRef ref, Duration retryAfter) {
        return KmsException.builder(KmsErrorCode.THROTTLED, subject(op, ref)
                        + " refused: the client-side rate limit for provider '" + scheme + "' is used up (rate-limit)")
                .provider(scheme).keyRef(ref).providerErrorCode(Resilience.RATE_LIMITED)
                .retryable(true).retryAfter(retryAfter).build();
    }

    static KmsException concurrencyLimited(String scheme, Operation op, KeyRef ref, int limit, Duration waited) {
        return KmsException.builder(KmsErrorCode.THROTTLED, subject(op, ref) + " refused: " + limit
                        + " calls to provider '" + scheme + "' already in flight (max-concurrent), none finished within "
                        + waited.toMillis() + " ms")
                .provider(scheme).keyRef(ref).providerErrorCode(Resilience.CONCURRENCY_LIMITED)
                .retryable(true).build();
    }

    static KmsException deadlineExceeded(String scheme, Operation op, KeyRef ref, Duration deadline, int attempts,
                                         KmsException last) {
        KmsException.Builder b = KmsException.builder(KmsErrorCode.TIMEOUT, subject(op, ref)
                        + " did not complete within its deadline of " + deadline.toMillis() + " ms (" + attempts
                        + (attempts == 1 ? " attempt" : " attempts") + "; last error " + last.code() + ")")
                .provider(scheme).keyRef(ref).providerErrorCode(Resilience.DEADLINE_EXCEEDED)
                .retryable(true).cause(last);
        last.retryAfter().ifPresent(b::retryAfter);
        return b.build();
    }

    private static String subject(Operation op, KeyRef ref) {
        return op + (ref == null ? "" : " on " + ref);
    }
}
