/**
 * Service-neutral fault injection shared by the testkit fakes: per-operation latency, throttling,
 * HTTP errors, connection resets, timeouts and "fail N times, then succeed". See
 * {@link dev.kms4j.testkit.faults.Faults}.
 *
 * <p>The same faults can be injected in process into any provider (the local one, say) with
 * {@link dev.kms4j.testkit.faults.FaultInjectingProvider}, or inside a {@code KmsManager} with the
 * {@link dev.kms4j.testkit.faults.FaultInjection} decorator, which counts the calls that reached
 * the provider.
 */
package dev.kms4j.testkit.faults;
