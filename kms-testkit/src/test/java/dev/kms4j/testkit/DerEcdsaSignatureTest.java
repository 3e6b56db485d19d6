package dev.kms4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DerEcdsaSignatureTest {

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void parsesJdkSignatures(String curve) throws Exception {
        byte[] der = sign(curve, "SHA256withECDSA");

        DerEcdsaSignature parsed = DerEcdsaSignature.parse(der);

        assertThat(parsed.r().signum()).isPositive();
        assertThat(parsed.s().signum()).isPositive();
    }

    @Test
    void readsRAndS() {
        byte[] der = {0x30, 0x07, 0x02, 0x01, 0x05, 0x02, 0x02, 0x00, (byte) 0x80};

        DerEcdsaSignature parsed = DerEcdsaSignature.parse(der);

        assertThat(parsed.r()).isEqualTo(BigInteger.valueOf(5));
        assertThat(parsed.s()).isEqualTo(BigInteger.valueOf(128));
    }

    @Test
    void rejectsP1363Signatures() throws Exception {
        byte[] p1363 = sign("secp256r1", "SHA256withECDSAinP1363Format");

        assertThatThrownBy(() -> DerEcdsaSignature.parse(p1363)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsTrailingBytes() throws Exception {
        byte[] der = sign("secp256r1", "SHA256withECDSA");

        assertThatThrownBy(() -> DerEcdsaSignature.parse(Arrays.copyOf(der, der.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsEveryTruncation() throws Exception {
        byte[] der = sign("secp256r1", "SHA256withECDSA");

        for (int n = 0; n < der.length; n++) {
            byte[] truncated = Arrays.copyOf(der, n);
            assertThatThrownBy(() -> DerEcdsaSignature.parse(truncated)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsNegativeIntegers() {
        assertThatThrownBy(() -> DerEcdsaSignature.parse(new byte[] {0x30, 0x06, 0x02, 0x01, (byte) 0x85, 0x02, 0x01, 0x05}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void rejectsNonMinimalIntegers() {
        assertThatThrownBy(() -> DerEcdsaSignature.parse(new byte[] {0x30, 0x07, 0x02, 0x02, 0x00, 0x05, 0x02, 0x01, 0x05}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leading zero");
    }

    @Test
    void rejectsNonMinimalLengths() {
        assertThatThrownBy(() -> DerEcdsaSignature.parse(new byte[] {0x30, (byte) 0x81, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x05}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimally");
    }

    @Test
    void rejectsZero() {
        assertThatThrownBy(() -> DerEcdsaSignature.parse(new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x05}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero");
    }

    @Test
    void rejectsWrongTags() {
        assertThatThrownBy(() -> DerEcdsaSignature.parse(new byte[] {0x31, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x05}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SEQUENCE");
        assertThatThrownBy(() -> DerEcdsaSignature.parse(new byte[] {0x30, 0x06, 0x04, 0x01, 0x05, 0x02, 0x01, 0x05}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INTEGER r");
    }

    private static byte[] sign(String curve, String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair pair = generator.generateKeyPair();
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(pair.getPrivate());
        signer.update("message".getBytes(StandardCharsets.UTF_8));
        return signer.sign();
    }
}
