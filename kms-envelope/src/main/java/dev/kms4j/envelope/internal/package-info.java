/**
 * Internals of {@code dev.kms4j.envelope}: the header codec, DEK-derived key material, the two
 * DEK caches and stream adapters. Not API: may change in any release.
 */
package dev.kms4j.envelope.internal;
