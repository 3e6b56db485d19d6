package dev.kms4j.spi;

import dev.kms4j.ProviderConfig;

/**
 * Wraps every enabled provider with one cross-cutting concern (retries, caching, audit, metrics,
 * access policy), so providers stay plain translators and each concern can be switched on,
 * configured and tested alone. Register decorators with
 * {@link dev.kms4j.KmsManager.Builder#decorate(ProviderDecorator)}.
 *
 * <p>{@link dev.kms4j.KmsManager} stacks decorators by {@link #stage()}, whatever the registration order:
 * {@link Stage#RESILIENCE} sits next to the provider and {@link Stage#OBSERVATION} outermost (see
 * {@link Stage} for why). Within one stage, the decorator registered first is the inner one.
 *
 * <p>Implementations must be thread-safe; {@link #decorate} is called once per enabled provider,
 * at {@link dev.kms4j.KmsManager.Builder#build()}.
 */
public interface ProviderDecorator {

    /**
     * Where a decorator sits, outermost first. A call passes the stages in this order on its way to
     * the provider.
     */
    enum Stage {
        /** Metrics and tracing: outermost, so they time and count everything, denials and cache hits too. */
        OBSERVATION,
        /** Audit records: outside the access policy, so denials are audited. */
        AUDIT,
        /** Key access policy: refuses before a cache or a provider is touched. */
        ACCESS_POLICY,
        /** Caching of metadata and public keys: answers without a provider call when it can. */
        CACHE,
        /** Retries, deadlines, circuit breaking, rate and concurrency limits: next to the provider. */
        RESILIENCE
    }

    /** Where this decorator sits in the stack. */
    Stage stage();

    /**
     * Wraps {@code provider} (already wrapped by every decorator of a later stage).
     *
     * @param provider the provider to wrap; its {@link KmsProvider#scheme()} names the provider
     * @param config   the provider's settings, for per-provider options of this concern
     * @return the wrapped provider (usually a {@link ForwardingKmsProvider}); must report the same
     *     scheme and close {@code provider} when closed
     */
    KmsProvider decorate(KmsProvider provider, ProviderConfig config);
}
