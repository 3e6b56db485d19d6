/** Internals of the Vault Transit provider (settings, errors, driver session, key ids). Not API. */
package dev.kms4j.vault.internal;
