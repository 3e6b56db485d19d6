package dev.kms4j.envelope.store;

import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.crypto.tink.Aead;
import dev.kms4j.DataKey;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.envelope.tink.KmsAead;
import dev.kms4j.envelope.tink.KmsEnvelopeAeads;
import dev.kms4j.testkit.Secrets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * With every logger at DEBUG, a flow through the DEK store, the entity encryptor (with cache and
 * rotation) and the Tink bridge, including failures, logs no plaintext, DEK or wrapped DEK in any
 * rendering; the exceptions it provoked carry none either.
 */
class StoreLogLeakTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<String, Level> savedLevels = new HashMap<>();
    private final List<byte[]> secrets = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();

    @BeforeEach
    void captureEverythingAtDebug() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "dev.kms4j")) {
            Logger logger = context.getLogger(name);
            savedLevels.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        appender.setContext(context);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    @AfterEach
    void restoreLogging() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        savedLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    @Test
    void noSecretReachesTheLogsOrTheExceptions() throws Exception {
        byte[] plaintext = secret(48);
        byte[] aad = secret(24);
        try (KmsManager kms = TestKms.localInMemory(); FileDekStore store = FileDekStore.open(tmp.resolve("s"))) {
            KeyRef kek = TestKms.newKek(kms, "leak");
            EntityEncryptor enc = EntityEncryptor.builder(kms, kek, store).cache(4, Duration.ofMinutes(1)).build();
            DekEntry entry = enc.createDekFor("tenant-1");
            secrets.add(entry.wrapped().ciphertext());
            try (DataKey dek = kms.unwrap(entry.wrapped(), EncryptionContext.of(EntityEncryptor.ENTITY_CONTEXT_NAME, "tenant-1"))) {
                secrets.add(dek.copyPlaintext());
            }
            byte[] ct = enc.encryptFor("tenant-1", plaintext, aad);
            enc.decryptFor("tenant-1", ct, aad);
            byte[] tampered = ct.clone();
            tampered[20] ^= 1;
            failures.add(catchThrowable(() -> enc.decryptFor("tenant-1", tampered, aad)));
            failures.add(catchThrowable(() -> enc.decryptFor("tenant-1", ct, secret(24))));
            failures.add(catchThrowable(() -> enc.encryptFor("nobody", plaintext, aad)));
            enc.rewrapAll(TestKms.newKek(kms, "leak-next"), RewrapListener.NONE);
            secrets.add(store.get("tenant-1").orElseThrow().wrapped().ciphertext());
            failures.add(catchThrowable(() -> enc.rewrapAll(KeyRef.of("local", "missing"), RewrapListener.NONE)));

            Aead aead = KmsAead.of(kms, kek);
            byte[] aeadCt = aead.encrypt(plaintext, aad);
            failures.add(catchThrowable(() -> aead.decrypt(aeadCt, secret(24))));
            Aead envelope = KmsEnvelopeAeads.aes256Gcm(kms, kek);
            byte[] envCt = envelope.encrypt(plaintext, aad);
            envCt[envCt.length - 1] ^= 1;
            byte[] badEnv = envCt;
            failures.add(catchThrowable(() -> envelope.decrypt(badEnv, aad)));
            secrets.add(plaintext);
        }
        byte[][] all = secrets.toArray(new byte[0][]);
        for (ILoggingEvent e : appender.list) {
            Secrets.assertNoLeak("log line '" + e.getLoggerName() + "'", e.getFormattedMessage(), all);
            if (e.getThrowableProxy() != null) {
                Secrets.assertNoLeak("logged exception", e.getThrowableProxy().getMessage(), all);
            }
        }
        for (Throwable t : failures) {
            Secrets.assertNoLeak("exception", Secrets.describe(t), all);
        }
    }

    private byte[] secret(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        secrets.add(b);
        return b;
    }
}
