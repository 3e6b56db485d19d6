package dev.kms4j.audit;

/**
 * Receives one {@link AuditRecord} per kms4j operation, from {@link AuditDecorator}. Implement it
 * to ship records to your own store; kms4j ships {@link Slf4jAuditSink} (the default) and
 * {@link HashChainedFileAuditSink}.
 *
 * <p>Implementations must be thread-safe: operations on many threads record concurrently. They
 * should be quick (the record is written on the caller's thread, inside the operation's latency)
 * and report failure by throwing; {@link AuditDecorator} decides whether a failure fails the
 * operation. Records hold nothing secret, but they are security evidence: do not drop them
 * silently.
 *
 * <p>The application owns a sink: close a sink that holds resources after closing the
 * {@code KmsManager} that uses it.
 */
@FunctionalInterface
public interface AuditSink {
    /** Stores or forwards one record; throws if it could not. */
    void record(AuditRecord record);
}
