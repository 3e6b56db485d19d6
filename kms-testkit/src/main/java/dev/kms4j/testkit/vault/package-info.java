/**
 * A stateful fake of HashiCorp Vault's Transit secrets engine for tests:
 * {@link dev.kms4j.testkit.vault.VaultTransitFake} (the service),
 * {@link dev.kms4j.testkit.vault.VaultTransitFakeServer} (HTTP on 127.0.0.1) and
 * {@link dev.kms4j.testkit.vault.VaultTransitFakeExtension} (JUnit 5).
 */
package dev.kms4j.testkit.vault;
