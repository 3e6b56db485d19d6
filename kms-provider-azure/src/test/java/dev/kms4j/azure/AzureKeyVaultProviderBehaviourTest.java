package dev.kms4j.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyUsage;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.testkit.Secrets;
import dev.kms4j.testkit.azure.AzureKeyVaultFakeExtension;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Azure-specific behaviour of the provider beyond the conformance suite, against the fake. */
class AzureKeyVaultProviderBehaviourTest {
    @RegisterExtension
    static final AzureKeyVaultFakeExtension AZURE = AzureKeyVaultFakeExtension.builder().build();

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "behaviour".getBytes(StandardCharsets.UTF_8);
    private static final EncryptionContext CONTEXT = EncryptionContext.of("tenant", "acme");

    private KmsManager kms;

    @BeforeEach
    void open() {
        kms = KmsManager.builder().enable("azure-kv", AZURE.providerConfig()).build();
    }

    @AfterEach
    void close() {
        kms.close();
    }

    private static KeyRef newKey(String hint) {
        return KeyRef.of("azure-kv", AZURE.vaultHost() + "/" + hint + "-" + UUID.randomUUID());
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Test
    void rsaEncryptionKeysUseOaepAndRefuseAContextTheyCannotBind() {
        KeyRef key = kms.createKey(newKey("rsa-enc"), CreateKeyOptions.builder(KeySpec.RSA_2048)
                .usage(KeyUsage.ENCRYPT_DECRYPT).build());
        byte[] plaintext = random(64);

        byte[] ciphertext = kms.encrypt(key, plaintext, EncryptionContext.empty());
        KmsException withContext = catchThrowableOfType(KmsException.class, () -> kms.encrypt(key, plaintext, CONTEXT));

        assertThat(kms.decrypt(key, ciphertext, EncryptionContext.empty())).isEqualTo(plaintext);
        assertThat(withContext.code()).isEqualTo(KmsErrorCode.UNSUPPORTED);
        assertThat(catchThrowableOfType(KmsException.class, () -> kms.decrypt(key, ciphertext, CONTEXT)).code())
                .isEqualTo(KmsErrorCode.INTEGRITY);
    }

    @Test
    void rsaKeysWrapDataKeys() {
        KeyRef kek = kms.createKey(newKey("rsa-kek"), CreateKeyOptions.builder(KeySpec.RSA_3072)
                .usage(KeyUsage.ENCRYPT_DECRYPT).build());

        try (DataKey dek = kms.createDek(kek, dev.kms4j.DekSpec.AES_256, EncryptionContext.empty());
             DataKey unwrapped = kms.unwrap(dek.wrapped(), EncryptionContext.empty())) {
            assertThat(dek.wrapped().kek().hasVersion()).isTrue();
            assertThat(unwrapped.copyPlaintext()).isEqualTo(dek.copyPlaintext());
        }
    }

    @Test
    void symmetricWrapUnderAnEmptyContextUsesAesKeyWrap() {
        KeyRef kek = kms.createKey(newKey("kw"), KeySpec.AES_256);
        byte[] key = random(32);
        int before = AZURE.fake().requestCount("WrapKey");

        WrappedKey wrapped = kms.wrap(kek, key, EncryptionContext.empty());

        assertThat(AZURE.fake().requestCount("WrapKey")).isEqualTo(before + 1);
        try (DataKey unwrapped = kms.unwrap(wrapped, EncryptionContext.empty())) {
            assertThat(unwrapped.copyPlaintext()).isEqualTo(key);
        }
        assertThat(catchThrowableOfType(KmsException.class, () -> kms.unwrap(wrapped, CONTEXT)).code())
                .isEqualTo(KmsErrorCode.INTEGRITY);
    }

    @Test
    void rsa4096SignaturesVerifyWithTheJdk() throws Exception {
        KeyRef key = kms.createKey(newKey("rsa-4096"), KeySpec.RSA_4096);

        byte[] signature = kms.sign(key, SignatureAlgorithm.RSA_PSS_SHA512, MESSAGE);

        Signature jdk = Signature.getInstance("RSASSA-PSS");
        jdk.setParameter(SignatureAlgorithm.RSA_PSS_SHA512.jcaParameters());
        jdk.initVerify(kms.getPublicKey(key));
        jdk.update(MESSAGE);
        assertThat(jdk.verify(signature)).isTrue();
        assertThat(kms.metadata(key).spec()).isEqualTo(KeySpec.RSA_4096);
    }

    @Test
    void azureKeyIdUrlsWorkAsKeyReferences() {
        KeyRef key = kms.createKey(newKey("url"), KeySpec.EC_P384);
        String version = kms.metadata(key).currentVersion().orElseThrow();
        String name = key.keyId().substring(key.keyId().indexOf('/') + 1);

        KeyRef fromUrl = KeyRef.parse(AZURE.endpoint() + "/keys/" + name + "/" + version);
        byte[] signature = kms.sign(fromUrl, SignatureAlgorithm.ECDSA_SHA384, MESSAGE);

        assertThat(fromUrl).isEqualTo(key.withVersion(version));
        assertThat(kms.verify(key, SignatureAlgorithm.ECDSA_SHA384, MESSAGE, signature)).isTrue();
    }

    @Test
    void anEcdsaAlgorithmOfAnotherCurveIsRefused() {
        KeyRef key = kms.createKey(newKey("curve"), KeySpec.EC_P256);

        assertThat(catchThrowableOfType(KmsException.class,
                () -> kms.sign(key, SignatureAlgorithm.ECDSA_SHA384, MESSAGE)).code()).isEqualTo(KmsErrorCode.UNSUPPORTED);
    }

    @Test
    void disablingAKeyDisablesEveryVersion() {
        KeyRef key = kms.createKey(newKey("disable-all"), KeySpec.AES_256);
        kms.rotate(key);

        kms.disable(key);

        KeyMetadata md = kms.metadata(key);
        assertThat(md.state()).isEqualTo(KeyState.DISABLED);
        assertThat(md.versions()).hasSize(2).allSatisfy(v -> assertThat(v.state()).isEqualTo(KeyState.DISABLED));
    }

    @Test
    void scheduledDeletionReturnsTheVaultsPurgeDate() {
        KeyRef key = kms.createKey(newKey("purge-date"), KeySpec.EC_P256);

        Instant purge = kms.scheduleDeletion(key, Duration.ofDays(7));

        // The fake keeps deleted keys for 90 days, like a vault with the default retention.
        assertThat(purge).isAfter(Instant.now().plus(Duration.ofDays(89)));
        assertThat(kms.metadata(key).deletionDate()).contains(purge);
    }

    @Test
    void creatingOverASoftDeletedKeyIsAlreadyExists() {
        KeyRef key = kms.createKey(newKey("reuse"), KeySpec.EC_P256);
        kms.scheduleDeletion(key, Duration.ofDays(7));

        assertThat(catchThrowableOfType(KmsException.class, () -> kms.createKey(key, KeySpec.EC_P256)).code())
                .isEqualTo(KmsErrorCode.ALREADY_EXISTS);
    }

    @Test
    void rotationPeriodsMustBeWholeDaysOfAtLeastSeven() {
        KeyRef key = kms.createKey(newKey("policy"), KeySpec.EC_P256);

        assertThat(catchThrowableOfType(KmsException.class, () -> kms.setRotationPolicy(key,
                dev.kms4j.RotationPolicy.every(Duration.ofDays(3)))).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(catchThrowableOfType(KmsException.class, () -> kms.setRotationPolicy(key,
                dev.kms4j.RotationPolicy.every(Duration.ofHours(200)))).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void descriptionAndTagsAreStoredAsKeyTags() {
        KeyRef key = kms.createKey(newKey("tags"), CreateKeyOptions.builder(KeySpec.EC_P256).description("payments")
                .tag("team", "core").build());

        KeyMetadata md = kms.metadata(key);

        assertThat(md.description()).contains("payments");
        assertThat(md.tags()).isEqualTo(Map.of("team", "core"));
    }

    @Test
    void keysOfAnUnconfiguredVaultAreRefusedWithoutContactingIt() {
        KmsException e = catchThrowableOfType(KmsException.class,
                () -> kms.sign(KeyRef.parse("azure-kv://attacker.example.com/k"), SignatureAlgorithm.ECDSA_SHA256, MESSAGE));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void thePlainHttpVaultIsRefusedAtEnableTime() {
        ProviderConfig http = ProviderConfig.builder().set("vault-url", "http://" + AZURE.vaultHost())
                .set("auth-token", "t0ken").build();

        KmsException e = catchThrowableOfType(KmsException.class,
                () -> KmsManager.builder().enable("azure-kv", http).build());

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).doesNotContain("t0ken");
    }

    @Test
    void logsNeverShowTheTokenPlaintextsOrKeys() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger azure = (Logger) LoggerFactory.getLogger("com.azure");
        Level rootLevel = root.getLevel();
        Level azureLevel = azure.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.TRACE);
        azure.setLevel(Level.TRACE);
        byte[] plaintext = random(48);
        byte[] dekBytes;
        try (KmsManager traced = KmsManager.builder().enable("azure-kv", AZURE.providerConfig()).build()) {
            KeyRef key = traced.createKey(newKey("logs"), KeySpec.AES_256);
            byte[] ct = traced.encrypt(key, plaintext, CONTEXT);
            traced.decrypt(key, ct, CONTEXT);
            catchThrowableOfType(KmsException.class, () -> traced.decrypt(key, ct, EncryptionContext.empty()));
            try (DataKey dek = traced.createDek(key, dev.kms4j.DekSpec.AES_256, CONTEXT)) {
                dekBytes = dek.copyPlaintext();
                traced.unwrap(dek.wrapped(), CONTEXT).close();
            }
        } finally {
            root.detachAppender(appender);
            root.setLevel(rootLevel);
            azure.setLevel(azureLevel);
        }
        String logs = appender.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));

        assertThat(appender.list).isNotEmpty();
        assertThat(logs).doesNotContain(AZURE.token());
        Secrets.assertNoLeak("logs", logs, plaintext, dekBytes);
    }
}
