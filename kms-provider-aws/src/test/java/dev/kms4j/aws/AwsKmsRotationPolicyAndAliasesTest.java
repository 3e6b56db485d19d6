package dev.kms4j.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.Capability;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.RotationPolicy;
import dev.kms4j.testkit.aws.AwsKmsFakeExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;

/** Automatic rotation (EnableKeyRotation with a period) and aliases in metadata, against the AWS fake. */
class AwsKmsRotationPolicyAndAliasesTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

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
        return KeyRef.of("aws-kms", "alias/rotation-" + UUID.randomUUID());
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
}
