/**
 * Durable, owner-only file writing shared by kms4j's on-disk stores (the local provider's
 * keystore, the envelope module's DEK store), so one reviewed implementation serves both. Not
 * API: exported only to those modules, and may change without notice.
 */
package dev.kms4j.internal.files;
