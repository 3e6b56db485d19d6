/** Internals of the Azure Key Vault provider: not API, may change in any release. */
package dev.kms4j.azure.internal;
