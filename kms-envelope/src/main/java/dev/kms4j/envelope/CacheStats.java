package dev.kms4j.envelope;

/**
 * A snapshot of the two DEK caches of an {@link Envelope}: the encryption cache (reused DEKs and
 * their headers) and the decryption cache (unwrapped DEKs keyed by wrapped-key bytes). Counters
 * only; nothing secret. Immutable and thread-safe.
 *
 * @param encryptHits encryptions that reused a cached DEK
 * @param encryptMisses encryptions that had to create (and wrap) a new DEK while the cache was on
 * @param encryptEvictions cached encryption DEKs dropped (expired, used up, over max entries, closed); each was zeroed once no message was using it
 * @param decryptHits decryptions that found their DEK in the cache (no KMS call)
 * @param decryptMisses decryptions that had to unwrap through the KMS while the cache was on
 * @param decryptEvictions cached decryption DEKs dropped and zeroed
 */
public record CacheStats(long encryptHits, long encryptMisses, long encryptEvictions,
                         long decryptHits, long decryptMisses, long decryptEvictions) {
}
