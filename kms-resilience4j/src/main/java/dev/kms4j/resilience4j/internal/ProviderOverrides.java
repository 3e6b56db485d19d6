package dev.kms4j.resilience4j.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.resilience4j.ResilienceOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a provider's own resilience settings (see {@link ResilienceOptions} for the names) on
 * top of the decorator's defaults, and gives the one piece of advice about SDK retries.
 * Stateless.
 */
public final class ProviderOverrides {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderOverrides.class);
    /** The AWS provider's setting; other providers with SDK retries should use the same name. */
    static final String SDK_RETRIES = "max-sdk-retries";
    /** SDK retries up to this many are fine under kms4j retries: one quick retry of a dropped connection. */
    static final int SDK_RETRIES_ADVISED = 1;

    private ProviderOverrides() {
    }

    /**
     * The effective options for one provider.
     *
     * @throws KmsException {@code INVALID_ARGUMENT} naming the provider and the bad setting
     */
    public static ResilienceOptions apply(ResilienceOptions defaults, ProviderConfig config, String scheme) {
        ResilienceOptions.Builder b = defaults.toBuilder();
        try {
            config.getInt("retry-max-attempts").ifPresent(b::maxAttempts);
            config.getDuration("retry-initial-backoff").ifPresent(b::initialBackoff);
            config.getDuration("retry-max-backoff").ifPresent(b::maxBackoff);
            b.retryUnsafeOperations(config.getBoolean("retry-unsafe-operations", defaults.retryUnsafeOperations()));
            config.getDuration("deadline").ifPresent(b::deadline);
            b.breakerEnabled(config.getBoolean("breaker-enabled", defaults.breakerEnabled()));
            config.getInt("breaker-failure-rate").ifPresent(b::breakerFailureRate);
            config.getInt("breaker-window").ifPresent(b::breakerWindow);
            config.getInt("breaker-minimum-calls").ifPresent(b::breakerMinimumCalls);
            config.getDuration("breaker-open-wait").ifPresent(b::breakerOpenWait);
            config.getInt("breaker-half-open-calls").ifPresent(b::breakerHalfOpenCalls);
            b.breakerCountsThrottling(config.getBoolean("breaker-counts-throttling", defaults.breakerCountsThrottling()));
            b.breakerPerEndpoint(config.getBoolean("breaker-per-endpoint", defaults.breakerPerEndpoint()));
            config.getInt("rate-limit").ifPresent(b::rateLimit);
            config.getDuration("rate-limit-period").ifPresent(b::rateLimitPeriod);
            config.getInt("max-concurrent").ifPresent(b::maxConcurrent);
            config.getDuration("max-concurrent-wait").ifPresent(b::maxConcurrentWait);
            return b.build();
        } catch (KmsException e) {
            throw KmsException.builder(KmsErrorCode.INVALID_ARGUMENT,
                    "resilience settings of provider '" + scheme + "': " + e.getMessage()).provider(scheme).build();
        }
    }

    /**
     * Logs one INFO line when the provider's SDK retries on its own and kms4j retries too: the
     * attempts multiply (SDK attempts times kms4j attempts per call), which turns a throttling
     * storm into a bigger one.
     */
    public static void adviseOnSdkRetries(ProviderConfig config, ResilienceOptions effective, String scheme) {
        int sdkRetries;
        try {
            sdkRetries = config.getInt(SDK_RETRIES).orElse(0);
        } catch (KmsException e) {
            return; // the provider itself reports a bad value
        }
        if (sdkRetries > SDK_RETRIES_ADVISED && effective.maxAttempts() > 1) {
            LOG.info("provider '{}' retries in its SDK ({}={}) and kms4j retries too (retry-max-attempts={}): "
                            + "one call may send up to {} requests; set {} to 0 or 1",
                    scheme, SDK_RETRIES, sdkRetries, effective.maxAttempts(),
                    (long) (sdkRetries + 1) * effective.maxAttempts(), SDK_RETRIES);
        }
    }
}
