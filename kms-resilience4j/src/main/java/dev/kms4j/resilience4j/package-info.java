/** Retries with backoff and jitter, deadlines, circuit breakers, rate and concurrency limits for every provider, as a KmsManager decorator on Resilience4j. See {@code docs/operations.md}. */
package dev.kms4j.resilience4j;
