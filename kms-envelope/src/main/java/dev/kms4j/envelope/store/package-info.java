/**
 * Per-entity data keys: a {@link dev.kms4j.envelope.store.DekStore} keeps one wrapped DEK per
 * entity id (a tenant, a thread, a table), and {@link dev.kms4j.envelope.store.EntityEncryptor}
 * encrypts and decrypts data for an entity with its DEK, and re-wraps every stored DEK after a
 * KEK rotation with a backup and an atomic switch.
 *
 * <p>A store holds only wrapped DEKs (ciphertext under a KEK) and their metadata, never a
 * plaintext DEK. See {@code docs/envelope-store-and-tink.md} for the file layout, the durability
 * guarantees, the ciphertext format and the rotation runbook.
 */
package dev.kms4j.envelope.store;
