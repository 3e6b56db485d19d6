package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyMetadataTest {
    private static final KeyRef KEY = KeyRef.parse("local://payments");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void builderDropsTheVersionOfTheReference() {
        KeyMetadata md = KeyMetadata.builder(KEY.withVersion("2")).spec(KeySpec.AES_256).build();

        assertThat(md.ref()).isEqualTo(KEY);
    }

    @Test
    void usageDefaultsToTheSpecsDefaultUsage() {
        assertThat(KeyMetadata.builder(KEY).spec(KeySpec.EC_P256).build().usage()).isEqualTo(KeyUsage.SIGN_VERIFY);
        assertThat(KeyMetadata.builder(KEY).spec(KeySpec.HMAC_SHA256).build().usage())
                .isEqualTo(KeyUsage.GENERATE_VERIFY_MAC);
    }

    @Test
    void stateDefaultsToEnabled() {
        assertThat(KeyMetadata.builder(KEY).spec(KeySpec.AES_256).build().state()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void buildRequiresASpec() {
        assertThatThrownBy(() -> KeyMetadata.builder(KEY).build()).isInstanceOf(NullPointerException.class);
    }

    @Test
    void buildRequiresAState() {
        assertThatThrownBy(() -> KeyMetadata.builder(KEY).spec(KeySpec.AES_256).state(null).build())
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void builderRequiresAReference() {
        assertThatThrownBy(() -> KeyMetadata.builder(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void buildRejectsCurrentVersionMissingFromTheVersions() {
        KeyMetadata.Builder b = KeyMetadata.builder(KEY).spec(KeySpec.AES_256)
                .addVersion(KeyVersionMetadata.of("1", KeyState.ENABLED, T0)).currentVersion("2");

        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2");
    }

    @Test
    void buildRejectsACurrentVersionThatCannotAppearInAKeyUri() {
        KeyMetadata.Builder b = KeyMetadata.builder(KEY).spec(KeySpec.AES_256).currentVersion("not a version");

        assertThatThrownBy(b::build).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void currentVersionWithoutVersionListIsAccepted() {
        KeyMetadata md = KeyMetadata.builder(KEY).spec(KeySpec.AES_256).currentVersion("5").build();

        assertThat(md.currentRef()).isEqualTo(KEY.withVersion("5"));
    }

    @Test
    void currentRefHasNoVersionWhenTheProviderExposesNone() {
        KeyMetadata md = KeyMetadata.builder(KEY).spec(KeySpec.AES_256).build();

        assertThat(md.currentVersion()).isEmpty();
        assertThat(md.currentRef()).isEqualTo(KEY);
    }

    @Test
    void exposesVersionsInOrderAndLooksThemUp() {
        KeyVersionMetadata v1 = KeyVersionMetadata.of("1", KeyState.ENABLED, T0);
        KeyVersionMetadata v2 = KeyVersionMetadata.of("2", KeyState.DISABLED, null);

        KeyMetadata md = KeyMetadata.builder(KEY).spec(KeySpec.AES_256).versions(List.of(v1, v2)).currentVersion("1").build();

        assertThat(md.versions()).containsExactly(v1, v2);
        assertThat(md.version("2")).contains(v2);
        assertThat(md.version("3")).isEmpty();
        assertThat(md.currentRef()).isEqualTo(KEY.withVersion("1"));
    }

    @Test
    void valuesAreCopiedAtBuildTime() {
        KeyMetadata.Builder b = KeyMetadata.builder(KEY).spec(KeySpec.AES_256)
                .capabilities(EnumSet.of(Capability.ENCRYPT)).tags(Map.of("team", "billing"));
        KeyMetadata md = b.build();

        b.capabilities(EnumSet.of(Capability.SIGN)).tags(Map.of()).addVersion(KeyVersionMetadata.of("9", KeyState.ENABLED, T0));

        assertThat(md.capabilities()).containsExactly(Capability.ENCRYPT);
        assertThat(md.tags()).containsEntry("team", "billing");
        assertThat(md.versions()).isEmpty();
    }

    @Test
    void collectionsAreUnmodifiable() {
        KeyMetadata md = KeyMetadata.builder(KEY).spec(KeySpec.AES_256).capabilities(EnumSet.of(Capability.ENCRYPT))
                .tags(Map.of("a", "b")).addVersion(KeyVersionMetadata.of("1", KeyState.ENABLED, T0)).build();

        assertThatThrownBy(() -> md.capabilities().add(Capability.SIGN)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> md.tags().put("c", "d")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> md.versions().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void supportsReflectsCapabilities() {
        KeyMetadata md = KeyMetadata.builder(KEY).spec(KeySpec.AES_256).capabilities(EnumSet.of(Capability.ENCRYPT)).build();

        assertThat(md.supports(Capability.ENCRYPT)).isTrue();
        assertThat(md.supports(Capability.SIGN)).isFalse();
    }

    @Test
    void optionalFieldsAreEmptyUnlessSet() {
        KeyMetadata md = KeyMetadata.builder(KEY).spec(KeySpec.AES_256).build();

        assertThat(md.createdAt()).isEmpty();
        assertThat(md.rotatedAt()).isEmpty();
        assertThat(md.deletionDate()).isEmpty();
        assertThat(md.description()).isEmpty();
        assertThat(md.capabilities()).isEmpty();
    }

    @Test
    void equalMetadataIsEqual() {
        KeyMetadata a = KeyMetadata.builder(KEY).spec(KeySpec.AES_256).createdAt(T0).description("d").build();
        KeyMetadata b = KeyMetadata.builder(KEY).spec(KeySpec.AES_256).createdAt(T0).description("d").build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(KeyMetadata.builder(KEY).spec(KeySpec.AES_256).state(KeyState.DISABLED).build());
    }

    @Test
    void toStringNamesKeySpecAndState() {
        KeyMetadata md = KeyMetadata.builder(KEY).spec(KeySpec.AES_256).build();

        assertThat(md.toString()).contains("local://payments", "AES_256", "ENABLED");
    }

    @Test
    void versionMetadataRequiresVersionAndState() {
        assertThatThrownBy(() -> KeyVersionMetadata.of(null, KeyState.ENABLED, T0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> KeyVersionMetadata.of("1", null, T0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void versionMetadataExposesItsFields() {
        KeyVersionMetadata v = KeyVersionMetadata.of("1", KeyState.DISABLED, T0);

        assertThat(v.version()).isEqualTo("1");
        assertThat(v.state()).isEqualTo(KeyState.DISABLED);
        assertThat(v.createdAt()).contains(T0);
        assertThat(v).isEqualTo(KeyVersionMetadata.of("1", KeyState.DISABLED, T0))
                .isNotEqualTo(KeyVersionMetadata.of("1", KeyState.ENABLED, T0));
        assertThat(KeyVersionMetadata.of("1", KeyState.ENABLED, null).createdAt()).isEmpty();
    }

    @Test
    void aliasesAreKeptInOrderAndTakePartInEquality() {
        KeyRef alias = KeyRef.parse("aws-kms://alias/payments");
        KeyMetadata withAlias = KeyMetadata.builder(KEY).spec(KeySpec.AES_256).aliases(List.of(alias)).build();
        KeyMetadata without = KeyMetadata.builder(KEY).spec(KeySpec.AES_256).build();

        assertThat(withAlias.aliases()).containsExactly(alias);
        assertThat(without.aliases()).isEmpty();
        assertThat(withAlias).isNotEqualTo(without);
        assertThatThrownBy(() -> withAlias.aliases().add(alias)).isInstanceOf(UnsupportedOperationException.class);
    }
}
