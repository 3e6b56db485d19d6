package dev.kms4j.server.http;

import static dev.kms4j.server.http.HttpFixture.b64;
import static dev.kms4j.server.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** With every kms4j and Netty logger at TRACE, no log line carries a plaintext, ciphertext or wrapped DEK. */
class Seed002HttpLogLeakTest {
    private static final String SECRET = "correct horse battery staple 7f3a";

    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> previous = new ArrayList<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private HttpFixture fx;

    @BeforeEach
    void setUp() {
        appender.start();
        for (String name : new String[] {"dev.kms4j", "io.netty"}) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            loggers.add(logger);
            previous.add(logger.getLevel());
            logger.setLevel(Level.TRACE);
            logger.addAppender(appender);
        }
        fx = new HttpFixture(b -> { });
    }

    @AfterEach
    void tearDown() {
        fx.close();
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(appender);
            loggers.get(i).setLevel(previous.get(i));
        }
    }

    @Test
    void noLogLineCarriesRequestOrAnswerBytes() throws Exception {
        var created = json(fx.post("/create_dek_for_thread", "{\"thread_id\":\"t1\"}"));
        String ciphertext = fx.encrypt("k_t1", SECRET);
        fx.post("/decrypt", "{\"key_id\":\"k_t1\",\"ciphertext\":\"" + ciphertext + "\"}");
        fx.post("/decrypt", "{\"key_id\":\"k_t1\",\"ciphertext\":\"" + ciphertext.substring(4) + "\"}");
        fx.post("/encrypt", "{\"key_id\":\"k_t1\",\"plaintext\":\"" + b64(SECRET) + "!\"}");
        fx.store.close();
        fx.post("/encrypt", "{\"key_id\":\"k_t1\",\"plaintext\":\"" + b64(SECRET) + "\"}");

        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            lines.add(event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        assertThat(lines).isNotEmpty();
        assertThat(String.join("\n", lines))
                .doesNotContain(SECRET)
                .doesNotContain(b64(SECRET))
                .doesNotContain(ciphertext.substring(8, 40))
                .doesNotContain(created.get("wrapped").getAsString().substring(8, 40));
    }
}
