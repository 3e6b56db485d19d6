/**
 * Internals of the DEK store and {@code EntityEncryptor}: the entry and backup encodings, crash-safe
 * file operations, the store lock, the ciphertext format and the DEK cache. Not API.
 */
package dev.kms4j.envelope.store.internal;
