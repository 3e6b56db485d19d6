package dev.kms4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.Capability;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyType;
import dev.kms4j.KeyUsage;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContractSpecsTest {

    @Test
    void providerThatCannotCreateKeysExercisesNoSpec() {
        assertThat(ContractSpecs.creatableWith(EnumSet.complementOf(EnumSet.of(Capability.CREATE)))).isEmpty();
    }

    @Test
    void providerWithEveryCapabilityExercisesEverySpec() {
        assertThat(ContractSpecs.creatableWith(EnumSet.allOf(Capability.class))).containsExactlyInAnyOrder(KeySpec.values());
    }

    @Test
    void encryptionOnlyProviderExercisesSymmetricSpecs() {
        assertThat(ContractSpecs.creatableWith(EnumSet.of(Capability.CREATE, Capability.ENCRYPT, Capability.DECRYPT)))
                .allMatch(s -> s.type() == KeyType.SYMMETRIC).contains(KeySpec.AES_256);
    }

    @Test
    void signingProviderWithoutPublicKeysExercisesHmacOnly() {
        assertThat(ContractSpecs.creatableWith(EnumSet.of(Capability.CREATE, Capability.SIGN, Capability.VERIFY)))
                .containsExactlyInAnyOrder(KeySpec.HMAC_SHA256, KeySpec.HMAC_SHA384, KeySpec.HMAC_SHA512);
    }

    @Test
    void preferredSpecIsTheCheapCommonOne() {
        assertThat(ContractSpecs.preferred(EnumSet.allOf(KeySpec.class), KeyType.SYMMETRIC)).contains(KeySpec.AES_256);
        assertThat(ContractSpecs.preferred(EnumSet.allOf(KeySpec.class), KeyType.RSA)).contains(KeySpec.RSA_2048);
        assertThat(ContractSpecs.preferred(EnumSet.of(KeySpec.RSA_4096), KeyType.RSA)).contains(KeySpec.RSA_4096);
        assertThat(ContractSpecs.preferred(EnumSet.of(KeySpec.RSA_4096), KeyType.EC)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"AES_128", "AES_256", "CHACHA20_POLY1305"}, mode = EnumSource.Mode.EXCLUDE)
    void incompatibleAlgorithmReallyIsIncompatible(KeySpec spec) {
        assertThat(ContractSpecs.incompatibleAlgorithm(spec).isCompatibleWith(spec)).isFalse();
        assertThat(ContractSpecs.compatibleAlgorithms(spec)).isNotEmpty().allMatch(a -> a.isCompatibleWith(spec));
    }

    @ParameterizedTest
    @EnumSource(KeyUsage.class)
    void forbiddenOperationsExcludeTheUsagesOwnOperations(KeyUsage usage) {
        assertThat(ContractSpecs.forbiddenOperationsOf(usage)).doesNotContainAnyElementsOf(ContractSpecs.operationsOf(usage));
    }

    @Test
    void macKeysMayNotAdvertisePublicKeys() {
        assertThat(ContractSpecs.forbiddenOperationsOf(KeyUsage.GENERATE_VERIFY_MAC)).contains(Capability.PUBLIC_KEY, Capability.ENCRYPT);
    }
}
