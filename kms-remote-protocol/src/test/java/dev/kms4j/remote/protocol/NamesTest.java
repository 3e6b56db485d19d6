package dev.kms4j.remote.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.Capability;
import dev.kms4j.DekSpec;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyUsage;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.SignatureAlgorithm;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NamesTest {

    @ParameterizedTest
    @EnumSource(KeySpec.class)
    void everyKeySpecIsReadByItsName(KeySpec spec) {
        assertThat(Names.keySpec(spec.name())).isEqualTo(spec);
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void everyAlgorithmIsReadByItsName(SignatureAlgorithm algorithm) {
        assertThat(Names.signatureAlgorithm(algorithm.name())).isEqualTo(algorithm);
    }

    @Test
    void usagesStatesAndDataKeySpecsAreReadByName() {
        assertThat(Names.keyUsage("SIGN_VERIFY")).isEqualTo(KeyUsage.SIGN_VERIFY);
        assertThat(Names.keyState("PENDING_DELETION")).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(Names.dekSpec("AES_128")).isEqualTo(DekSpec.AES_128);
    }

    @Test
    void anUnknownNameIsInvalidArgumentNamingTheField() {
        assertThatThrownBy(() -> Names.keySpec("EC_P999"))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("key spec").hasMessageContaining("EC_P999");
    }

    @Test
    void anEmptyNameIsInvalidArgument() {
        assertThatThrownBy(() -> Names.signatureAlgorithm(""))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("signature algorithm is missing");
    }

    @Test
    void namesAreCaseSensitive() {
        assertThatThrownBy(() -> Names.keySpec("ec_p256")).isInstanceOf(KmsException.class);
    }

    @Test
    void capabilitiesRoundTrip() {
        EnumSet<Capability> all = EnumSet.allOf(Capability.class);

        assertThat(Names.capabilities(Names.capabilityNames(all))).isEqualTo(all);
    }

    @Test
    void unknownCapabilitiesFromANewerPeerAreSkipped() {
        assertThat(Names.capabilities(List.of("SIGN", "TELEPORT"))).containsExactly(Capability.SIGN);
    }
}
