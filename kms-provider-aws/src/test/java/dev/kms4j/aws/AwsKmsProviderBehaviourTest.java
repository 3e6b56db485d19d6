package dev.kms4j.aws;

import dev.kms4j.testkit.faults.Fault;
import dev.kms4j.ProviderHealth;
import dev.kms4j.HealthReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyUsage;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.RotationPolicy;
import dev.kms4j.WrappedKey;
import dev.kms4j.testkit.aws.AwsKmsFakeExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;

/** AWS-specific behaviour beyond the conformance suite, against the AWS fake. */
class AwsKmsProviderBehaviourTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    private static final byte[] PLAINTEXT = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final EncryptionContext CONTEXT = EncryptionContext.of("tenant", "acme");

    private KmsManager kms;

    @BeforeEach
    void open() {
        kms = KmsManager.builder().enable("aws-kms", AWS.providerConfig()).build();
    }

    @AfterEach
    void close() {
        kms.close();
    }

    private static KeyRef newAlias() {
        return KeyRef.of("aws-kms", "alias/behaviour-" + UUID.randomUUID());
    }

    @Test
    void createKeyReturnsTheKeyArn() {
        KeyRef key = kms.createKey(newAlias(), KeySpec.AES_256);

        assertThat(key.keyId()).startsWith("arn:aws:kms:" + AWS.region() + ":").contains(":key/");
    }

    @Test
    void aliasAndArnNameTheSameKey() {
        KeyRef alias = newAlias();
        KeyRef arn = kms.createKey(alias, KeySpec.AES_256);

        byte[] ciphertext = kms.encrypt(alias, PLAINTEXT, CONTEXT);

        assertThat(kms.decrypt(arn, ciphertext, CONTEXT)).isEqualTo(PLAINTEXT);
        assertThat(kms.metadata(alias).ref()).isEqualTo(arn);
    }

    @Test
    void lifecycleCallsAcceptAnAlias() {
        KeyRef alias = newAlias();
        kms.createKey(alias, KeySpec.AES_256);

        kms.disable(alias);

        assertThat(AWS.fake().keyState(alias.keyId())).isEqualTo("Disabled");
    }

    @Test
    void existingAliasIsAlreadyExistsAndCreatesNoKey() {
        KeyRef alias = newAlias();
        kms.createKey(alias, KeySpec.AES_256);
        int keys = AWS.fake().keyIds().size();

        KmsException e = catchThrowableOfType(KmsException.class, () -> kms.createKey(alias, KeySpec.AES_256));

        assertThat(e.code()).isEqualTo(KmsErrorCode.ALREADY_EXISTS);
        assertThat(AWS.fake().keyIds()).hasSize(keys);
    }

    @Test
    void descriptionIsKeptInMetadata() {
        KeyRef key = kms.createKey(newAlias(), CreateKeyOptions.builder(KeySpec.AES_256)
                .description("payments KEK").tag("team", "payments").build());

        assertThat(kms.metadata(key).description()).contains("payments KEK");
    }

    @Test
    void metadataExposesNoVersions() {
        KeyRef key = kms.createKey(newAlias(), KeySpec.AES_256);

        KeyMetadata md = kms.metadata(key);

        assertThat(md.currentVersion()).isEmpty();
        assertThat(md.versions()).isEmpty();
        assertThat(md.createdAt()).isPresent();
    }

    @Test
    void rotateReturnsTheUnversionedKeyAndRecordsTheRotation() {
        KeyRef key = kms.createKey(newAlias(), KeySpec.AES_256);

        KeyRef rotated = kms.rotate(key);

        assertThat(rotated).isEqualTo(key);
        assertThat(kms.metadata(key).rotatedAt()).isPresent();
    }

    @Test
    void wrappedKeysNameTheKekByArnWithoutVersion() {
        KeyRef alias = newAlias();
        KeyRef arn = kms.createKey(alias, KeySpec.AES_256);

        WrappedKey wrapped = kms.wrap(alias, new byte[32], CONTEXT);
        try (DataKey dek = kms.createDek(alias, DekSpec.AES_256, CONTEXT)) {
            assertThat(dek.wrapped().kek()).isEqualTo(arn);
        }

        assertThat(wrapped.kek()).isEqualTo(arn);
    }

    @Test
    void listingByAliasPrefixShowsAliases() {
        KeyRef alias = KeyRef.of("aws-kms", "alias/listed-" + UUID.randomUUID());
        kms.createKey(alias, KeySpec.AES_256);

        assertThat(kms.listKeys("aws-kms://alias/listed-")).contains(alias);
    }

    @Test
    void rsaEncryptionKeyRoundTripsWithoutContext() {
        KeyRef key = kms.createKey(newAlias(), CreateKeyOptions.builder(KeySpec.RSA_2048)
                .usage(KeyUsage.ENCRYPT_DECRYPT).build());

        byte[] ciphertext = kms.encrypt(key, PLAINTEXT, EncryptionContext.empty());

        assertThat(kms.decrypt(key, ciphertext, EncryptionContext.empty())).isEqualTo(PLAINTEXT);
    }

    @Test
    void rsaEncryptionKeyRefusesAContextInsteadOfDroppingIt() {
        KeyRef key = kms.createKey(newAlias(), CreateKeyOptions.builder(KeySpec.RSA_2048)
                .usage(KeyUsage.ENCRYPT_DECRYPT).build());

        KmsException e = catchThrowableOfType(KmsException.class, () -> kms.encrypt(key, PLAINTEXT, CONTEXT));

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNSUPPORTED);
        assertThat(e.getMessage()).contains("encryption context");
    }

    @Test
    void signSendsOnlyADigest() {
        KeyRef key = kms.createKey(newAlias(), KeySpec.EC_P256);
        int before = AWS.fake().requestCount("Sign");

        kms.sign(key, dev.kms4j.SignatureAlgorithm.ECDSA_SHA256, new byte[100_000]);

        assertThat(AWS.fake().requestCount("Sign")).isEqualTo(before + 1);
    }

    @Test
    void automaticRotationPeriodReachesAwsInWholeDays() {
        KeyRef key = kms.createKey(newAlias(), KeySpec.AES_256);

        kms.setRotationPolicy(key, RotationPolicy.every(Duration.ofDays(180)));

        GetKeyRotationStatusResponse status = AWS.sdkClient().getKeyRotationStatus(b -> b.keyId(key.keyId()));
        assertThat(status.keyRotationEnabled()).isTrue();
        assertThat(status.rotationPeriodInDays()).isEqualTo(180);
        assertThat(kms.rotationPolicy(key)).isEqualTo(RotationPolicy.every(Duration.ofDays(180)));
    }

    @Test
    void rotationPolicyAcceptsAnAlias() {
        KeyRef alias = newAlias();
        kms.createKey(alias, KeySpec.AES_256);

        kms.setRotationPolicy(alias, RotationPolicy.every(Duration.ofDays(90)));

        assertThat(kms.rotationPolicy(alias)).isEqualTo(RotationPolicy.every(Duration.ofDays(90)));
    }

    @Test
    void periodsAwsCannotHonourAreInvalidArgumentAndChangeNothing() {
        KeyRef key = kms.createKey(newAlias(), KeySpec.AES_256);

        for (Duration bad : new Duration[] {Duration.ofDays(89), Duration.ofDays(2561), Duration.ofHours(2200)}) {
            KmsException e = catchThrowableOfType(KmsException.class,
                    () -> kms.setRotationPolicy(key, RotationPolicy.every(bad)));
            assertThat(e.code()).as("period %s", bad).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        }
        assertThat(kms.rotationPolicy(key)).isEqualTo(RotationPolicy.manual());
    }

    @Test
    void onlySymmetricKeysOfferARotationPolicy() {
        KeyRef signing = kms.createKey(newAlias(), KeySpec.EC_P256);
        KeyRef symmetric = kms.createKey(newAlias(), KeySpec.AES_256);

        assertThat(kms.metadata(signing).capabilities()).doesNotContain(Capability.ROTATION_POLICY);
        assertThat(kms.metadata(symmetric).capabilities()).contains(Capability.ROTATION_POLICY);
        KmsException e = catchThrowableOfType(KmsException.class,
                () -> kms.setRotationPolicy(signing, RotationPolicy.every(Duration.ofDays(365))));
        assertThat(e.code()).isIn(KmsErrorCode.UNSUPPORTED, KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void metadataListsTheAliasesOfTheKey() {
        KeyRef first = newAlias();
        KeyRef key = kms.createKey(first, KeySpec.AES_256);
        String second = "alias/second-" + UUID.randomUUID();
        AWS.sdkClient().createAlias(b -> b.aliasName(second).targetKeyId(key.keyId()));
        kms.createKey(newAlias(), KeySpec.AES_256); // another key's alias must not show up

        assertThat(kms.metadata(key).aliases())
                .containsExactlyInAnyOrder(first, KeyRef.of("aws-kms", second));
        assertThat(kms.metadata(first).aliases()).contains(first);
    }

    @Test
    void healthIsOneListKeysCallWhateverTheNumberOfKeys() {
        for (int i = 0; i < 3; i++) {
            kms.createKey(KeyRef.of("aws-kms", "alias/health-" + UUID.randomUUID()), KeySpec.AES_256);
        }
        int before = AWS.fake().requestCount("ListKeys");
        int aliasesBefore = AWS.fake().requestCount("ListAliases");

        HealthReport report = kms.health();

        assertThat(report.provider("aws-kms").orElseThrow().status()).isEqualTo(ProviderHealth.Status.UP);
        assertThat(AWS.fake().requestCount("ListKeys")).isEqualTo(before + 1);
        assertThat(AWS.fake().requestCount("ListAliases")).isEqualTo(aliasesBefore);
    }

    @Test
    void healthIsDownWhenTheServiceFails() {
        AWS.fake().faults().on("ListKeys").always(Fault.unavailable());
        try {
            assertThat(kms.health().provider("aws-kms").orElseThrow().status()).isEqualTo(ProviderHealth.Status.DOWN);
        } finally {
            AWS.fake().faults().clear();
        }
    }
}
