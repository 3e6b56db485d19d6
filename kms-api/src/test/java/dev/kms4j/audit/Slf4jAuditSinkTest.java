package dev.kms4j.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KmsOperation;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class Slf4jAuditSinkTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** A logger that keeps info(String) lines; the API has no in-memory logger, so a proxy it is. */
    private Logger logger(boolean infoEnabled) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getName":
                            return Slf4jAuditSink.LOGGER_NAME;
                        case "isInfoEnabled":
                            return infoEnabled;
                        case "info":
                            lines.add((String) args[0]);
                            return null;
                        default:
                            return method.getReturnType() == boolean.class ? false : null;
                    }
                });
    }

    private static AuditRecord record() {
        return AuditRecord.builder().time(Instant.EPOCH).requestId("r").operation(KmsOperation.SIGN).provider("local")
                .key("local://k").outcome(AuditOutcome.OK).latency(Duration.ZERO).build();
    }

    @Test
    void eachRecordIsOneJsonLineAtInfo() {
        new Slf4jAuditSink(logger(true)).record(record());

        assertThat(lines).containsExactly(record().toJson());
    }

    @Test
    void nothingIsBuiltWhenTheLoggerIsOff() {
        new Slf4jAuditSink(logger(false)).record(record());

        assertThat(lines).isEmpty();
    }
}
