/** Micrometer timers and counters per provider, operation and outcome, as a KmsManager decorator. See {@code docs/operations.md}. */
package dev.kms4j.micrometer;
