/** Internals of the Azure Key Vault fake: not API, may change without notice. */
package dev.kms4j.testkit.azure.internal;
