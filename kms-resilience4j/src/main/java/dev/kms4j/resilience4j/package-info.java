/**
 * Retries with exponential backoff and full jitter, per-call deadlines, circuit breakers per
 * provider endpoint, rate and concurrency limits for every provider, as one
 * {@link dev.kms4j.spi.ProviderDecorator} on Resilience4j: {@link dev.kms4j.resilience4j.Resilience},
 * configured by {@link dev.kms4j.resilience4j.ResilienceOptions} and per provider by its
 * {@code ProviderConfig}. {@link dev.kms4j.resilience4j.CircuitStateView} exposes circuit states
 * to metrics and health checks. See {@code docs/operations-resilience.md}.
 */
package dev.kms4j.resilience4j;
