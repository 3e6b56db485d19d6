package dev.kms4j.audit;

/** How an audited operation ended. */
public enum AuditOutcome {
    /** The operation completed (a {@code verify} that answered {@code false} is OK too). */
    OK,
    /** The operation failed; the record's error code says how. */
    ERROR,
    /**
     * The operation was refused with {@code PERMISSION_DENIED}, by the key access policy or by the
     * provider.
     */
    DENIED
}
