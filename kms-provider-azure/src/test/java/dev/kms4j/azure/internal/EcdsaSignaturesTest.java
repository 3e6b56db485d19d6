package dev.kms4j.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EcdsaSignaturesTest {
    private static final byte[] MESSAGE = {1, 2, 3};

    @ParameterizedTest(name = "{0}")
    @CsvSource({"secp256r1, SHA256, 32", "secp384r1, SHA384, 48", "secp521r1, SHA512, 66"})
    void convertsTheJdksP1363AndDerFormsIntoEachOther(String curve, String hash, int half) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        KeyPair pair = g.generateKeyPair();
        for (int i = 0; i < 20; i++) {
            Signature p1363 = Signature.getInstance(hash + "withECDSAinP1363Format");
            p1363.initSign(pair.getPrivate());
            p1363.update(MESSAGE);
            byte[] raw = p1363.sign();

            byte[] der = EcdsaSignatures.rawToDer(raw);

            Signature verifier = Signature.getInstance(hash + "withECDSA");
            verifier.initVerify(pair.getPublic());
            verifier.update(MESSAGE);
            assertThat(verifier.verify(der)).isTrue();
            assertThat(EcdsaSignatures.derToRaw(der, half)).isEqualTo(raw);
        }
    }

    @Test
    void malformedDerIsRejected() {
        assertThatThrownBy(() -> EcdsaSignatures.derToRaw(new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01}, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EcdsaSignatures.derToRaw(new byte[0], 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EcdsaSignatures.derToRaw(
                new byte[] {0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01}, 32))
                .as("non-minimal integer").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oddRawLengthIsRejected() {
        assertThatThrownBy(() -> EcdsaSignatures.rawToDer(new byte[63])).isInstanceOf(IllegalArgumentException.class);
    }
}
