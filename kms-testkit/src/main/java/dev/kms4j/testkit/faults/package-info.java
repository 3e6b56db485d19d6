/**
 * Service-neutral fault injection shared by the testkit fakes: per-operation latency, throttling,
 * HTTP errors, connection resets and "fail N times, then succeed". See
 * {@link dev.kms4j.testkit.faults.Faults}.
 */
package dev.kms4j.testkit.faults;
