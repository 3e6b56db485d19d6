/**
 * The random bytes behind kms4j's keys and nonces, shared by the local provider and the
 * envelope module so that one reviewed implementation serves both. Not API: exported only to
 * those modules, and may change without notice.
 */
package dev.kms4j.internal.random;
