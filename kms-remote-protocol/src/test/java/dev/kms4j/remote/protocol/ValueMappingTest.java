package dev.kms4j.remote.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.EncryptionContext;
import dev.kms4j.HealthReport;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyUsage;
import dev.kms4j.KeyVersionMetadata;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderHealth;
import dev.kms4j.RotationPolicy;
import dev.kms4j.WrappedKey;
import dev.kms4j.remote.protocol.v1.CreateKeyRequest;
import dev.kms4j.remote.protocol.v1.HealthResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueMappingTest {
    private static final Instant T1 = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final Instant T2 = Instant.parse("2026-06-07T08:09:10.111Z");
    private static final Instant T3 = Instant.parse("2027-01-01T00:00:00Z");

    private static KeyMetadata fullMetadata() {
        KeyRef ref = KeyRef.parse("local://payments");
        return KeyMetadata.builder(ref)
                .spec(KeySpec.RSA_3072)
                .usage(KeyUsage.ENCRYPT_DECRYPT)
                .state(KeyState.PENDING_DELETION)
                .addVersion(KeyVersionMetadata.of("1", KeyState.DISABLED, T1))
                .addVersion(KeyVersionMetadata.of("2", KeyState.ENABLED, null))
                .currentVersion("2")
                .createdAt(T1)
                .rotatedAt(T2)
                .deletionDate(T3)
                .capabilities(EnumSet.of(Capability.ENCRYPT, Capability.DECRYPT, Capability.PUBLIC_KEY))
                .description("payments key")
                .tags(Map.of("team", "billing", "env", "prod"))
                .aliases(List.of(KeyRef.parse("local://pay-alias")))
                .build();
    }

    @Test
    void keyMetadataSurvivesTheRoundTrip() {
        KeyMetadata md = fullMetadata();

        KeyMetadata back = ValueMapping.keyMetadata(ValueMapping.toProto(md, KeyRef::toUri), KeyRef::parse);

        assertThat(back).isEqualTo(md);
    }

    @Test
    void minimalKeyMetadataSurvivesTheRoundTrip() {
        KeyMetadata md = KeyMetadata.builder(KeyRef.parse("local://k")).spec(KeySpec.AES_256).build();

        KeyMetadata back = ValueMapping.keyMetadata(ValueMapping.toProto(md, KeyRef::toUri), KeyRef::parse);

        assertThat(back).isEqualTo(md);
        assertThat(back.createdAt()).isEmpty();
        assertThat(back.currentVersion()).isEmpty();
        assertThat(back.description()).isEmpty();
    }

    @Test
    void keyReferencesAreWrittenAndReadWithTheGivenFunctions() {
        dev.kms4j.remote.protocol.v1.KeyMetadata p =
                ValueMapping.toProto(fullMetadata(), ref -> "x-" + ref.toUri());

        assertThat(p.getKeyUri()).isEqualTo("x-local://payments");
        assertThat(p.getAliasesList()).containsExactly("x-local://pay-alias");
        assertThat(ValueMapping.keyMetadata(p, uri -> KeyRef.parse(uri.substring(2))).ref())
                .isEqualTo(KeyRef.parse("local://payments"));
    }

    @Test
    void metadataWithAnUnknownSpecIsAMalformedAnswer() {
        dev.kms4j.remote.protocol.v1.KeyMetadata p = ValueMapping.toProto(fullMetadata(), KeyRef::toUri)
                .toBuilder().setKeySpec("PQ_KYBER").build();

        assertThatThrownBy(() -> ValueMapping.keyMetadata(p, KeyRef::parse))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INTERNAL));
    }

    @Test
    void metadataWhoseCurrentVersionIsNotListedIsAMalformedAnswer() {
        dev.kms4j.remote.protocol.v1.KeyMetadata p = ValueMapping.toProto(fullMetadata(), KeyRef::toUri)
                .toBuilder().setCurrentVersion("9").build();

        assertThatThrownBy(() -> ValueMapping.keyMetadata(p, KeyRef::parse))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INTERNAL));
    }

    @Test
    void unknownCapabilitiesInMetadataAreSkipped() {
        dev.kms4j.remote.protocol.v1.KeyMetadata p = ValueMapping.toProto(fullMetadata(), KeyRef::toUri)
                .toBuilder().addCapabilities("TELEPORT").build();

        assertThat(ValueMapping.keyMetadata(p, KeyRef::parse).capabilities())
                .containsExactlyInAnyOrder(Capability.ENCRYPT, Capability.DECRYPT, Capability.PUBLIC_KEY);
    }

    @Test
    void createKeyOptionsSurviveTheRoundTrip() {
        CreateKeyOptions options = CreateKeyOptions.builder(KeySpec.RSA_2048).usage(KeyUsage.ENCRYPT_DECRYPT)
                .description("d").tag("a", "b").build();

        CreateKeyRequest request = ValueMapping.toProto("local://k", options);
        CreateKeyOptions back = ValueMapping.createKeyOptions(request);

        assertThat(request.getKeyUri()).isEqualTo("local://k");
        assertThat(back.spec()).isEqualTo(KeySpec.RSA_2048);
        assertThat(back.usage()).isEqualTo(KeyUsage.ENCRYPT_DECRYPT);
        assertThat(back.description()).contains("d");
        assertThat(back.tags()).isEqualTo(Map.of("a", "b"));
    }

    @Test
    void anEmptyUsageMeansTheSpecsDefault() {
        CreateKeyRequest request = CreateKeyRequest.newBuilder().setKeyUri("local://k").setKeySpec("EC_P256").build();

        assertThat(ValueMapping.createKeyOptions(request).usage()).isEqualTo(KeyUsage.SIGN_VERIFY);
    }

    @Test
    void aUsageTheSpecCannotHaveIsInvalidArgument() {
        CreateKeyRequest request = CreateKeyRequest.newBuilder().setKeyUri("local://k").setKeySpec("AES_256")
                .setKeyUsage("SIGN_VERIFY").build();

        assertThatThrownBy(() -> ValueMapping.createKeyOptions(request))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void encryptionContextIsReadFromItsMap() {
        assertThat(ValueMapping.encryptionContext(Map.of("tenant", "acme")))
                .isEqualTo(EncryptionContext.of("tenant", "acme"));
        assertThat(ValueMapping.encryptionContext(Map.of())).isEqualTo(EncryptionContext.empty());
    }

    @Test
    void anEncryptionContextWithAnEmptyNameIsInvalidArgument() {
        assertThatThrownBy(() -> ValueMapping.encryptionContext(Map.of("", "v")))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void wrappedKeysSurviveTheRoundTripWithTheirExactKekVersion() {
        WrappedKey wrapped = WrappedKey.of(KeyRef.parse("local://kek#3"), new byte[] {1, 2, 3});

        WrappedKey back = ValueMapping.wrappedKey(ValueMapping.toProto(wrapped, KeyRef::toUri), KeyRef::parse);

        assertThat(back).isEqualTo(wrapped);
        assertThat(back.kek().version()).contains("3");
    }

    @Test
    void aWrappedKeyWithoutKekOrCiphertextIsInvalidArgument() {
        assertThatThrownBy(() -> ValueMapping.wrappedKey(
                dev.kms4j.remote.protocol.v1.WrappedKey.getDefaultInstance(), KeyRef::parse))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> ValueMapping.wrappedKey(
                dev.kms4j.remote.protocol.v1.WrappedKey.newBuilder().setKekUri("local://kek").build(), KeyRef::parse))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void rotationPoliciesSurviveTheRoundTrip() {
        RotationPolicy every90Days = RotationPolicy.every(Duration.ofDays(90));

        assertThat(ValueMapping.rotationPolicy(ValueMapping.toProto(every90Days))).isEqualTo(every90Days);
        assertThat(ValueMapping.rotationPolicy(ValueMapping.toProto(RotationPolicy.manual())))
                .isEqualTo(RotationPolicy.manual());
        assertThat(ValueMapping.toProto(RotationPolicy.manual()).getPeriodSeconds()).isZero();
    }

    @Test
    void aRotationPeriodWithAFractionOfASecondIsInvalidArgument() {
        assertThatThrownBy(() -> ValueMapping.toProto(RotationPolicy.every(Duration.ofMillis(1500))))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void aNegativeRotationPeriodIsInvalidArgument() {
        assertThatThrownBy(() -> ValueMapping.rotationPolicy(
                dev.kms4j.remote.protocol.v1.RotationPolicy.newBuilder().setPeriodSeconds(-1).build()))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void providerHealthSurvivesTheRoundTrip() {
        ProviderHealth h = ProviderHealth.builder("aws-kms", ProviderHealth.Status.DOWN)
                .latency(Duration.ofMillis(12)).reason("UNAVAILABLE: connection refused")
                .errorCode(KmsErrorCode.UNAVAILABLE).checkedAt(T2).build();

        assertThat(ValueMapping.providerHealth(ValueMapping.toProto(h))).isEqualTo(h);
    }

    @Test
    void healthReportsSurviveTheRoundTrip() {
        HealthReport report = new HealthReport(T1, List.of(
                ProviderHealth.builder("local", ProviderHealth.Status.UP).checkedAt(T1).build(),
                ProviderHealth.builder("vault-transit", ProviderHealth.Status.DEGRADED)
                        .errorCode(KmsErrorCode.THROTTLED).checkedAt(T1).build()));

        HealthResponse p = ValueMapping.toProto(report);

        assertThat(p.getStatus()).isEqualTo("DEGRADED");
        assertThat(ValueMapping.healthReport(p)).isEqualTo(report);
    }

    @Test
    void anUnknownHealthStatusIsUnknown() {
        assertThat(ValueMapping.healthStatus("SPARKLING")).isEqualTo(ProviderHealth.Status.UNKNOWN);
    }

    @Test
    void timesCrossAsEpochMillisWithZeroForUnknown() {
        assertThat(ValueMapping.millis(null)).isZero();
        assertThat(ValueMapping.instant(0)).isNull();
        assertThat(ValueMapping.instant(ValueMapping.millis(T1))).isEqualTo(T1);
    }
}
