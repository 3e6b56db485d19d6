package dev.kms4j.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyType;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyKindTest {
    private static JsonWebKey rsa(int bits, KeyOperation... ops) {
        byte[] n = new byte[bits / 8 + 1]; // with the sign byte some encoders keep
        n[1] = (byte) 0x80;
        return new JsonWebKey().setKeyType(KeyType.RSA_HSM).setN(n).setE(new byte[] {1, 0, 1}).setKeyOps(List.of(ops));
    }

    @Test
    void rsaUsageFollowsTheKeyOperations() {
        assertThat(KeyKind.of(rsa(3072, KeyOperation.SIGN, KeyOperation.VERIFY)).usage()).isEqualTo(KeyUsage.SIGN_VERIFY);
        assertThat(KeyKind.of(rsa(2048, KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY)).usage())
                .isEqualTo(KeyUsage.ENCRYPT_DECRYPT);
        assertThat(KeyKind.of(rsa(3072, KeyOperation.SIGN)).spec()).isEqualTo(KeySpec.RSA_3072);
    }

    @Test
    void curvesMapToTheirSpecs() {
        assertThat(KeyKind.of(new JsonWebKey().setKeyType(KeyType.EC).setCurveName(KeyCurveName.P_256K)).spec())
                .isEqualTo(KeySpec.EC_SECP256K1);
        assertThat(KeyKind.of(new JsonWebKey().setKeyType(KeyType.EC_HSM).setCurveName(KeyCurveName.P_521)).spec())
                .isEqualTo(KeySpec.EC_P521);
    }

    @Test
    void symmetricKeysAreAes256AndUnmodelledKeysAreNull() {
        assertThat(KeyKind.of(new JsonWebKey().setKeyType(KeyType.OCT_HSM)).spec()).isEqualTo(KeySpec.AES_256);
        assertThat(KeyKind.of(rsa(1024, KeyOperation.SIGN))).isNull();
    }
}
