/** Internals of the Vault Transit fake (routing, tokens, keys, cryptography). Not API. */
package dev.kms4j.testkit.vault.internal;
