package dev.kms4j.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link AuditSink}: each record as one JSON line ({@link AuditRecord#toJson()}) at
 * INFO on the SLF4J logger {@value #LOGGER_NAME}. Route that logger to its own appender (a file or
 * a log shipper) in your logging configuration; if it is not enabled for INFO, records are dropped,
 * which is the logging configuration's decision.
 *
 * <p>Thread-safe (as SLF4J loggers are). Records hold nothing secret.
 */
public final class Slf4jAuditSink implements AuditSink {
    /** The logger name. */
    public static final String LOGGER_NAME = "kms4j.audit";

    private final Logger logger;

    /** A sink on logger {@value #LOGGER_NAME}. */
    public Slf4jAuditSink() {
        this(LoggerFactory.getLogger(LOGGER_NAME));
    }

    /** A sink on the given logger. */
    public Slf4jAuditSink(Logger logger) {
        this.logger = logger;
    }

    @Override
    public void record(AuditRecord record) {
        if (logger.isInfoEnabled()) {
            logger.info(record.toJson());
        }
    }

    @Override
    public String toString() {
        return "Slf4jAuditSink[" + logger.getName() + "]";
    }
}
