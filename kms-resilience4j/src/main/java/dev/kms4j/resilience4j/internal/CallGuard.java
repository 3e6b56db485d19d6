package dev.kms4j.resilience4j.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.resilience4j.CircuitStatus;
import dev.kms4j.resilience4j.Resilience;
import dev.kms4j.resilience4j.ResilienceOptions;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one provider call under the deadline, retry policy, circuit breaker, rate limiter and
 * concurrency limit of one provider.
 *
 * <p>Each attempt asks, in this order: the circuit breaker (open: fail fast, the provider is not
 * called), the rate limiter (used up: {@code THROTTLED} with the wait until the next permit), the
 * bulkhead (full after {@code max-concurrent-wait}: {@code THROTTLED}); then calls the provider
 * and reports the outcome to the breaker. A refused attempt gives its breaker permission back, so
 * local refusals never count as provider failures.
 *
 * <p>Whether and how long to wait before the next attempt is Resilience4j's {@link Retry}
 * decision (retryable errors only, max attempts, {@link FullJitterBackoff}). The loop around it
 * is ours because Resilience4j's synchronous retry sleeps unconditionally with
 * {@link Thread#sleep}: it can neither refuse a wait that would end after the deadline nor
 * sleep through an injected sleeper. The deadline rule: the first attempt always starts; when a
 * retry is due and the deadline has passed, the call fails with {@code TIMEOUT} (cause: the last
 * error); when a retry is due and its wait would end at or after the deadline, the call fails
 * with the last error itself, whose code and {@code retryAfter} tell the caller more than a
 * timeout would. So no wait
 * and no attempt starts after the deadline; only the attempt in flight can overrun it, bounded by
 * the provider's own timeouts.
 *
 * <p>Thread-safe: Resilience4j's primitives are, and the loop keeps its state on the stack.
 */
public final class CallGuard {
    private static final Logger LOG = LoggerFactory.getLogger(CallGuard.class);
    /** An attempt start not taken from the call's start; {@link System#nanoTime()} is read instead. */
    private static final long NOT_READ = Long.MIN_VALUE;

    private final String scheme;
    private final Duration deadline;
    private final long deadlineNanos;
    private final Timing timing;
    private final Retry retryAny;
    private final Retry retryIfNotCarriedOut;
    private final Circuits circuits;
    private final RateLimiter rateLimiter;
    private final Bulkhead bulkhead;
    private final int maxConcurrent;
    private final Duration maxConcurrentWait;

    /** A guard for the provider of {@code scheme}, with its effective options. */
    public CallGuard(String scheme, ResilienceOptions options) {
        this.scheme = scheme;
        this.deadline = options.deadline();
        this.deadlineNanos = options.deadline().toNanos();
        this.timing = new Timing(options.clock(), options.sleeper());
        String name = Resilience.NAME_PREFIX + scheme;
        FullJitterBackoff backoff = new FullJitterBackoff(options.initialBackoff(), options.maxBackoff());
        Predicate<Throwable> retryable = t -> t instanceof KmsException && ((KmsException) t).isRetryable();
        this.retryAny = Retry.of(name, retryConfig(options, backoff, retryable));
        this.retryIfNotCarriedOut = options.retryUnsafeOperations() ? retryAny
                : Retry.of(name + "/unsafe-operations", retryConfig(options, backoff,
                        retryable.and(CallGuard::provesNotCarriedOut)));
        this.circuits = new Circuits(scheme, options);
        this.rateLimiter = options.rateLimit() == 0 ? null : RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(options.rateLimit())
                .limitRefreshPeriod(options.rateLimitPeriod())
                // Never block inside the limiter: a refusal goes back to the retry loop, which waits
                // for the next permit only if that fits the deadline.
                .timeoutDuration(Duration.ZERO)
                .writableStackTraceEnabled(false)
                .build(), timing::nanoTime);
        this.maxConcurrent = options.maxConcurrent();
        this.maxConcurrentWait = options.maxConcurrentWait();
        this.bulkhead = maxConcurrent == 0 ? null : Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrent)
                .maxWaitDuration(maxConcurrentWait)
                .writableStackTraceEnabled(false)
                .build());
    }

    private static RetryConfig retryConfig(ResilienceOptions options, FullJitterBackoff backoff,
                                           Predicate<Throwable> retryOn) {
        return RetryConfig.custom()
                .maxAttempts(options.maxAttempts())
                .intervalBiFunction(backoff)
                .retryOnException(retryOn)
                .failAfterMaxAttempts(false)
                .writableStackTraceEnabled(false)
                .build();
    }

    /**
     * Errors that show the provider did not carry the request out, so even an operation that is
     * unsafe to repeat may be retried: throttling (a provider rejects a throttled request before
     * acting on it) and kms4j's own refusals (the provider never saw the request).
     */
    private static boolean provesNotCarriedOut(Throwable t) {
        KmsException e = (KmsException) t;
        return e.code() == KmsErrorCode.THROTTLED
                || e.providerErrorCode().map(c -> c.startsWith(Resilience.OWN_CODE_PREFIX)).orElse(false);
    }

    /** The state of this provider's circuits. */
    public List<CircuitStatus> circuits() {
        return circuits.snapshot();
    }

    /** Runs {@code body} (one provider call) for {@code op} on {@code ref} ({@code scope} for listKeys). */
    <T> T call(Operation op, KeyRef ref, String scope, Supplier<T> body) {
        long start = timing.nanoTime();
        Circuits.Circuit circuit = circuits.forCall(ref, scope);
        // Created at the first failure: a call that succeeds at once (nearly all of them) pays
        // for no retry bookkeeping at all.
        Retry.AsyncContext<T> decisions = null;
        for (int attempt = 1; ; attempt++) {
            KmsException failure;
            try {
                // The first attempt starts when the call does: no second clock reading (each costs
                // 30-40 ns on a VM, a visible share of a 1 µs local call).
                long attemptStart = attempt == 1 && timing.isSystemNanoTime() ? start : NOT_READ;
                T result = attempt(op, ref, circuit, body, attemptStart);
                if (decisions != null) {
                    decisions.onComplete();
                }
                return result;
            } catch (KmsException e) {
                failure = e;
            }
            if (decisions == null) {
                decisions = (op.safeToRepeat() ? retryAny : retryIfNotCarriedOut).asyncContext();
            }
            long waitMillis = decisions.onError(failure);
            if (waitMillis < 0) {
                // Not retryable, not safe to repeat, or the last allowed attempt.
                throw failure;
            }
            long remaining = start + deadlineNanos - timing.nanoTime();
            if (remaining <= 0) {
                throw Refusals.deadlineExceeded(scheme, op, ref, deadline, attempt, failure);
            }
            long waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
            if (waitNanos >= remaining) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{} on {}: attempt {} failed ({}); the next wait of {} ms would pass the deadline, giving up",
                            op, ref == null ? scheme : ref, attempt, failure.code(), waitMillis);
                }
                throw failure;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} on {}: attempt {} failed ({}), retrying in {} ms",
                        op, ref == null ? scheme : ref, attempt, failure.code(), waitMillis);
            }
            if (waitNanos > 0) {
                try {
                    timing.sleep(waitNanos);
                } catch (InterruptedException e) {
                    // Give up at once and leave the interrupt for the caller to see.
                    Thread.currentThread().interrupt();
                    throw failure;
                }
            }
        }
    }

    private <T> T attempt(Operation op, KeyRef ref, Circuits.Circuit circuit, Supplier<T> body, long attemptStart) {
        CircuitBreaker breaker = circuit.breaker();
        if (breaker != null) {
            boolean permitted = breaker.tryAcquirePermission();
            circuit.observe();
            if (!permitted) {
                throw Refusals.circuitOpen(scheme, op, ref, circuit.displayName(), circuit.remainingOpenWait());
            }
        }
        if (rateLimiter != null && !rateLimiter.acquirePermission()) {
            release(breaker);
            throw Refusals.rateLimited(scheme, op, ref, nextPermitIn());
        }
        if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
            release(breaker);
            throw Refusals.concurrencyLimited(scheme, op, ref, maxConcurrent, maxConcurrentWait);
        }
        long started = breaker == null ? 0L : attemptStart != NOT_READ ? attemptStart : System.nanoTime();
        try {
            T result = body.get();
            if (breaker != null) {
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                circuit.observe();
            }
            return result;
        } catch (Throwable t) {
            if (breaker != null) {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, t);
                circuit.observe();
            }
            throw t;
        } finally {
            if (bulkhead != null) {
                bulkhead.onComplete();
            }
        }
    }

    private static void release(CircuitBreaker breaker) {
        if (breaker != null) {
            breaker.releasePermission();
        }
    }

    private Duration nextPermitIn() {
        if (rateLimiter instanceof AtomicRateLimiter) {
            long nanos = ((AtomicRateLimiter) rateLimiter).getDetailedMetrics().getNanosToWait();
            if (nanos > 0) {
                return Duration.ofNanos(nanos);
            }
        }
        return rateLimiter.getRateLimiterConfig().getLimitRefreshPeriod();
    }
}
