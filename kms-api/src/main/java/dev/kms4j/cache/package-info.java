/**
 * Caching of key metadata and public keys, with local signature verification:
 * {@link dev.kms4j.cache.KeyCacheDecorator}. Nothing secret is ever cached.
 */
package dev.kms4j.cache;
