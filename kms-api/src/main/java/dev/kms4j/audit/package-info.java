/**
 * The audit trail: one {@link dev.kms4j.audit.AuditRecord} per kms4j operation, written by
 * {@link dev.kms4j.audit.AuditDecorator} to an {@link dev.kms4j.audit.AuditSink}: JSON lines on the
 * SLF4J logger {@code kms4j.audit} by default, or a hash-chained file that
 * {@link dev.kms4j.audit.AuditChainVerifier} checks. Records never hold key material, plaintext,
 * ciphertexts, signatures or tokens.
 */
package dev.kms4j.audit;
