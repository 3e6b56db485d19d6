package dev.kms4j.resilience4j;

import dev.kms4j.ProviderConfig;
import dev.kms4j.resilience4j.internal.CallGuard;
import dev.kms4j.resilience4j.internal.ProviderOverrides;
import dev.kms4j.resilience4j.internal.ResilientProvider;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.ProviderDecorator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Retries, a per-call deadline, circuit breaking, a rate limit and a concurrency limit for every
 * provider of a {@code KmsManager}, on Resilience4j. It sits at {@link Stage#RESILIENCE}, next to
 * the provider, so one {@code KmsManager} call is one guarded call whatever the outer decorators do.
 *
 * <pre>{@code
 * try (KmsManager kms = KmsManager.builder()
 *         .enable("aws-kms", ProviderConfig.of(Map.of("region", "eu-west-1", "deadline", "5s")))
 *         .decorate(Resilience.of(ResilienceOptions.builder().maxAttempts(4).build()))
 *         .build()) { ... }
 * }</pre>
 *
 * <p><b>Retries.</b> Only errors whose {@code isRetryable()} is true are retried, up to
 * {@link ResilienceOptions#maxAttempts()} attempts, waiting a random time between 0 and an
 * exponentially growing bound ("full jitter"), but at least the error's {@code retryAfter()}.
 * Operations that are not safe to repeat after a lost answer ({@code createKey}, {@code rotate},
 * {@code scheduleDeletion}, {@code cancelDeletion}) are retried only after errors proving the
 * request was not carried out ({@code THROTTLED}, and this decorator's own refusals), unless
 * {@link ResilienceOptions.Builder#retryUnsafeOperations} says otherwise.
 *
 * <p><b>Deadline.</b> All attempts and waits of one call fit in {@link ResilienceOptions#deadline()}:
 * no wait and no attempt starts after it. When a retry is due but the deadline has passed, the
 * call fails with {@code TIMEOUT} (provider error code {@value #DEADLINE_EXCEEDED}, cause: the
 * last error). When a retry is due but its wait would end after the deadline, the call fails at
 * once with the last error itself, keeping its code and {@code retryAfter}. The attempt in flight is bounded by the
 * provider's own timeouts (AWS: {@code api-call-timeout}); keep those below the deadline.
 *
 * <p><b>Circuit breaking.</b> One breaker per provider, and per endpoint when key references name
 * one (see {@link ResilienceOptions#breakerPerEndpoint()}). Only {@code UNAVAILABLE} and
 * {@code TIMEOUT} count as failures ({@code THROTTLED} optionally); while open, calls fail fast
 * with retryable {@code UNAVAILABLE} ({@value #CIRCUIT_OPEN}) whose {@code retryAfter} is the
 * rest of the open wait. Read the states through {@link #circuits()}.
 *
 * <p><b>Limits.</b> A rate limit refuses with retryable {@code THROTTLED} ({@value #RATE_LIMITED})
 * and the wait until the next permit; a concurrency limit waits up to
 * {@link ResilienceOptions#maxConcurrentWait()} for a slot, then refuses with retryable
 * {@code THROTTLED} ({@value #CONCURRENCY_LIMITED}). Both are per provider; refusals go through
 * the same retry loop.
 *
 * <p><b>SDK retries.</b> Attempts multiply: SDK attempts times kms4j attempts. With kms4j retries on,
 * set the provider's SDK retries to 0 or 1 (AWS: {@code max-sdk-retries}, default 1); a larger
 * value is reported once, at INFO, when the manager is built.
 *
 * <p>Every option can be overridden per provider from its {@code ProviderConfig}; see
 * {@link ResilienceOptions}. Thread-safe; one instance may decorate several managers. Holds no
 * secrets and never looks at arguments or results.
 */
public final class Resilience implements ProviderDecorator, CircuitStateView {
    /** Provider error code of the fail-fast error of an open circuit. */
    public static final String CIRCUIT_OPEN = "kms4j.circuit-open";
    /** Provider error code of a refusal by the client-side rate limit. */
    public static final String RATE_LIMITED = "kms4j.rate-limited";
    /** Provider error code of a refusal by the concurrency limit. */
    public static final String CONCURRENCY_LIMITED = "kms4j.concurrency-limited";
    /** Provider error code of the {@code TIMEOUT} raised when a call's deadline has passed. */
    public static final String DEADLINE_EXCEEDED = "kms4j.deadline-exceeded";
    /** The prefix of the codes above: errors raised by this decorator, not by a provider. */
    public static final String OWN_CODE_PREFIX = "kms4j.";
    /** The prefix of the Resilience4j instance names ({@code kms4j-aws-kms}, ...). */
    public static final String NAME_PREFIX = "kms4j-";

    private final ResilienceOptions options;
    private final List<ResilientProvider> live = new CopyOnWriteArrayList<>();

    private Resilience(ResilienceOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The decorator with {@link ResilienceOptions#defaults()}. */
    public static Resilience withDefaults() {
        return new Resilience(ResilienceOptions.defaults());
    }

    /** The decorator with the given defaults (each provider's config may override them). */
    public static Resilience of(ResilienceOptions options) {
        return new Resilience(options);
    }

    /** The defaults this decorator applies. */
    public ResilienceOptions options() {
        return options;
    }

    @Override
    public Stage stage() {
        return Stage.RESILIENCE;
    }

    /**
     * Wraps {@code provider} with the options overridden by its config.
     *
     * @throws dev.kms4j.KmsException {@code INVALID_ARGUMENT} if a resilience setting of the
     *     provider is invalid
     */
    @Override
    public KmsProvider decorate(KmsProvider provider, ProviderConfig config) {
        String scheme = provider.scheme();
        ResilienceOptions effective = ProviderOverrides.apply(options, config, scheme);
        ProviderOverrides.adviseOnSdkRetries(config, effective, scheme);
        ResilientProvider wrapped = new ResilientProvider(provider, new CallGuard(scheme, effective), live::remove);
        live.add(wrapped);
        return wrapped;
    }

    @Override
    public List<CircuitStatus> circuits() {
        List<CircuitStatus> out = new ArrayList<>();
        for (ResilientProvider p : live) {
            out.addAll(p.circuits());
        }
        return out;
    }

    @Override
    public String toString() {
        return "Resilience" + options;
    }
}
