package dev.kms4j.envelope.store;

/**
 * A snapshot of an {@link EntityEncryptor}'s DEK cache counters. Immutable; not secret.
 *
 * @param hits lookups answered from the cache
 * @param misses lookups that had to unwrap the DEK through the KMS
 * @param evictions cached DEKs dropped for age, size, a changed entry or {@code close()}
 * @param size DEKs cached now
 */
public record DekCacheStats(long hits, long misses, long evictions, int size) {
}
