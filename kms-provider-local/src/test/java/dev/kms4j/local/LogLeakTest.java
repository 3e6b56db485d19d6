package dev.kms4j.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.testkit.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * With every kms4j logger at DEBUG, a representative flow through the local provider (keys of
 * each family, encryption, data keys, wrapping, signing, rotation, reopening, errors) must log no
 * plaintext, data key, wrapped-key input, signed message, master key or passphrase, in any
 * rendering: not in messages, arguments or logged exceptions. The exceptions the flow provoked
 * are checked the same way, since applications log them.
 */
class LogLeakTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final EncryptionContext CONTEXT = EncryptionContext.of(Map.of("tenant", "acme", "purpose", "log-leak"));
    private static final EncryptionContext OTHER_CONTEXT = EncryptionContext.of("tenant", "other");

    @TempDir
    Path dir;

    /** Every secret the flow hands to kms4j or gets back from it. */
    private final List<byte[]> secrets = new ArrayList<>();
    /** Every exception the flow provoked. */
    private final List<Throwable> failures = new ArrayList<>();

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<String, Level> savedLevels = new HashMap<>();

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
    void explicitMasterKeyNeverReachesTheLogs() {
        byte[] masterKey = secret(32);
        Map<String, String> settings = Map.of("path", dir.toString(), "master-key", Base64.getEncoder().encodeToString(masterKey));

        runFlow(settings);
        byte[] wrongKey = secret(32);
        failures.add(catchThrowable(() -> open(Map.of("path", dir.toString(),
                "master-key", Base64.getEncoder().encodeToString(wrongKey))).close()));

        assertNothingLeaked();
    }

    @Test
    void passphraseNeverReachesTheLogs() {
        byte[] passphrase = ("correct horse battery staple " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        secrets.add(passphrase);
        // Cheap Argon2 cost: the test is about logging, not about the KDF.
        Map<String, String> settings = Map.of("path", dir.toString(),
                "passphrase", new String(passphrase, StandardCharsets.UTF_8),
                "kdf-memory-kib", "64", "kdf-iterations", "1", "kdf-parallelism", "1");

        runFlow(settings);
        byte[] wrong = ("wrong passphrase " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        secrets.add(wrong);
        failures.add(catchThrowable(() -> open(Map.of("path", dir.toString(),
                "passphrase", new String(wrong, StandardCharsets.UTF_8))).close()));

        assertNothingLeaked();
    }

    @Test
    void generatedMasterKeyNeverReachesTheLogs() throws IOException {
        runFlow(Map.of("path", dir.toString(), "generate-master-key", "true"));

        secrets.add(generatedMasterKey());
        assertNothingLeaked();
    }

    @Test
    void inMemoryStoreLogsNoSecrets() {
        runFlow(Map.of("path", ":memory:"));

        assertNothingLeaked();
    }

    /** A representative flow; it tolerates failures of single steps because only leaks matter here. */
    private void runFlow(Map<String, String> settings) {
        byte[] plaintext = secret(64);
        byte[] readablePlaintext = ("card 4111 1111 1111 1111 exp 12/34 " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        secrets.add(readablePlaintext);
        byte[] keyBytes = secret(32);
        byte[] message = secret(40);
        byte[] ciphertext;
        byte[] chachaCiphertext;

        try (KmsManager kms = open(settings)) {
            KeyRef aes = kms.createKey(ref("aes"), KeySpec.AES_256);
            KeyRef chacha = kms.createKey(ref("chacha"), KeySpec.CHACHA20_POLY1305);
            KeyRef hmac = kms.createKey(ref("hmac"), KeySpec.HMAC_SHA256);
            KeyRef ec = kms.createKey(ref("ec"), KeySpec.EC_P256);
            KeyRef ed = kms.createKey(ref("ed"), KeySpec.ED25519);
            KeyRef rsa = kms.createKey(ref("rsa"), KeySpec.RSA_2048);

            ciphertext = kms.encrypt(aes, plaintext, CONTEXT);
            secrets.add(kms.decrypt(aes, ciphertext, CONTEXT));
            chachaCiphertext = kms.encrypt(chacha, readablePlaintext, CONTEXT);
            secrets.add(kms.decrypt(chacha, chachaCiphertext, CONTEXT));

            try (DataKey dek = kms.createDek(aes, DekSpec.AES_256, CONTEXT);
                 DataKey unwrapped = kms.unwrap(dek.wrapped(), CONTEXT)) {
                secrets.add(dek.copyPlaintext());
                secrets.add(unwrapped.copyPlaintext());
            }
            WrappedKey wrapped = kms.wrap(aes, keyBytes, CONTEXT);
            try (DataKey unwrapped = kms.unwrap(wrapped, CONTEXT)) {
                secrets.add(unwrapped.copyPlaintext());
            }

            kms.verify(hmac, SignatureAlgorithm.HMAC_SHA256, message, kms.sign(hmac, SignatureAlgorithm.HMAC_SHA256, message));
            kms.verify(ec, SignatureAlgorithm.ECDSA_SHA256, message, kms.sign(ec, SignatureAlgorithm.ECDSA_SHA256, message));
            kms.verify(ed, SignatureAlgorithm.ED25519, message, kms.sign(ed, SignatureAlgorithm.ED25519, message));
            kms.verify(rsa, SignatureAlgorithm.RSA_PSS_SHA256, message, kms.sign(rsa, SignatureAlgorithm.RSA_PSS_SHA256, message));
            kms.getPublicKey(ec);

            kms.rotate(aes);
            kms.rotate(ec);
            kms.rotate(hmac);
            kms.decrypt(aes, ciphertext, CONTEXT);
            kms.metadata(aes);
            kms.listKeys("local://");

            provokeErrors(kms, aes, chacha, ec, hmac, ciphertext, plaintext, keyBytes, message, wrapped);
        }
        try (KmsManager kms = open(settings)) {
            failures.add(catchThrowable(() -> kms.decrypt(KeyRef.of("local", "aes"), ciphertext, CONTEXT)));
        }
    }

    private void provokeErrors(KmsManager kms, KeyRef aes, KeyRef chacha, KeyRef ec, KeyRef hmac, byte[] ciphertext,
                               byte[] plaintext, byte[] keyBytes, byte[] message, WrappedKey wrapped) {
        byte[] tampered = ciphertext.clone();
        tampered[tampered.length / 2] ^= 0x40;
        failures.add(catchThrowable(() -> kms.decrypt(aes, ciphertext, OTHER_CONTEXT)));
        failures.add(catchThrowable(() -> kms.decrypt(aes, tampered, CONTEXT)));
        failures.add(catchThrowable(() -> kms.decrypt(aes, Arrays.copyOf(ciphertext, 20), CONTEXT)));
        failures.add(catchThrowable(() -> kms.decrypt(chacha, ciphertext, CONTEXT)));
        failures.add(catchThrowable(() -> kms.unwrap(wrapped, OTHER_CONTEXT)));
        failures.add(catchThrowable(() -> kms.encrypt(ec, plaintext, CONTEXT)));
        failures.add(catchThrowable(() -> kms.wrap(ec, keyBytes, CONTEXT)));
        failures.add(catchThrowable(() -> kms.sign(aes, SignatureAlgorithm.HMAC_SHA256, message)));
        failures.add(catchThrowable(() -> kms.sign(hmac, SignatureAlgorithm.ECDSA_SHA256, message)));
        failures.add(catchThrowable(() -> kms.encrypt(ref("missing"), plaintext, CONTEXT)));
        failures.add(catchThrowable(() -> kms.createKey(aes, KeySpec.AES_256)));
        failures.add(catchThrowable(() -> kms.encrypt(KeyRef.of("local", "bad..id"), plaintext, CONTEXT)));
        kms.disable(aes);
        failures.add(catchThrowable(() -> kms.encrypt(aes, plaintext, CONTEXT)));
        failures.add(catchThrowable(() -> kms.decrypt(aes, ciphertext, CONTEXT)));
        kms.enable(aes);
        kms.scheduleDeletion(chacha, Duration.ofDays(7));
        failures.add(catchThrowable(() -> kms.encrypt(chacha, plaintext, CONTEXT)));
        kms.cancelDeletion(chacha);
    }

    private void assertNothingLeaked() {
        assertThat(appender.list).as("captured log events").isNotEmpty();
        assertThat(appender.list).as("DEBUG events from kms4j (else the test checks nothing)")
                .anyMatch(e -> e.getLevel() == Level.DEBUG && e.getLoggerName().startsWith("dev.kms4j"));
        byte[][] all = secrets.toArray(new byte[0][]);
        for (int i = 0; i < appender.list.size(); i++) {
            ILoggingEvent event = appender.list.get(i);
            Secrets.assertNoLeak("log event #" + i + " from " + event.getLoggerName() + " (" + event.getMessage() + ")",
                    render(event), all);
        }
        failures.removeIf(f -> f == null);
        assertThat(failures).as("exceptions provoked by the flow").isNotEmpty();
        for (int i = 0; i < failures.size(); i++) {
            Secrets.assertNoLeak("exception #" + i + " (" + failures.get(i).getClass().getSimpleName() + ")",
                    Secrets.describe(failures.get(i)), all);
        }
    }

    /** Everything an appender could write for an event. */
    private static String render(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder();
        sb.append(event.getFormattedMessage()).append('\n').append(event.getMessage()).append('\n');
        Object[] args = event.getArgumentArray();
        if (args != null) {
            for (Object arg : args) {
                sb.append(arg).append('\n');
                if (arg instanceof byte[]) {
                    byte[] bytes = (byte[]) arg;
                    sb.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n').append(Arrays.toString(bytes)).append('\n');
                } else if (arg instanceof char[]) {
                    sb.append((char[]) arg).append('\n');
                }
            }
        }
        sb.append(event.getMDCPropertyMap()).append('\n');
        appendThrowable(event.getThrowableProxy(), sb, 0);
        return sb.toString();
    }

    private static void appendThrowable(IThrowableProxy t, StringBuilder sb, int depth) {
        if (t == null || depth > 20) {
            return;
        }
        sb.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
        for (IThrowableProxy s : t.getSuppressed()) {
            appendThrowable(s, sb, depth + 1);
        }
        appendThrowable(t.getCause(), sb, depth + 1);
    }

    private KmsManager open(Map<String, String> settings) {
        return KmsManager.builder().enable("local", ProviderConfig.of(settings)).build();
    }

    private byte[] generatedMasterKey() throws IOException {
        String text = Files.readString(dir.resolve("master.key"), StandardCharsets.US_ASCII).trim();
        return Base64.getDecoder().decode(text);
    }

    private static KeyRef ref(String name) {
        return KeyRef.of("local", name);
    }

    private byte[] secret(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        secrets.add(b);
        return b;
    }
}
