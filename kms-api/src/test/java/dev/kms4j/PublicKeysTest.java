package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublicKeysTest {

    static Stream<PublicKey> jdkPublicKeys() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPairGenerator ec384 = KeyPairGenerator.getInstance("EC");
        ec384.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        return Stream.of(
                ec.generateKeyPair().getPublic(),
                ec384.generateKeyPair().getPublic(),
                rsa.generateKeyPair().getPublic(),
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());
    }

    @ParameterizedTest
    @MethodSource("jdkPublicKeys")
    void derRoundTrips(PublicKey key) {
        PublicKey read = PublicKeys.fromDer(PublicKeys.toDer(key));

        assertThat(read.getEncoded()).isEqualTo(key.getEncoded());
        assertThat(read).isEqualTo(key);
    }

    @ParameterizedTest
    @MethodSource("jdkPublicKeys")
    void pemRoundTrips(PublicKey key) {
        PublicKey read = PublicKeys.fromPem(PublicKeys.toPem(key));

        assertThat(read.getEncoded()).isEqualTo(key.getEncoded());
    }

    @ParameterizedTest
    @MethodSource("jdkPublicKeys")
    void readKeyKeepsItsAlgorithmFamily(PublicKey key) {
        assertThat(PublicKeys.fromDer(key.getEncoded()).getAlgorithm()).isEqualTo(key.getAlgorithm());
    }

    @ParameterizedTest
    @MethodSource("jdkPublicKeys")
    void pemHasStandardArmourAndSixtyFourCharacterLines(PublicKey key) {
        String pem = PublicKeys.toPem(key);
        String[] lines = pem.split("\n");

        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        String[] body = Arrays.copyOfRange(lines, 1, lines.length - 1);
        assertThat(Arrays.copyOf(body, body.length - 1)).allSatisfy(line -> assertThat(line).hasSize(64));
        assertThat(body[body.length - 1].length()).isBetween(1, 64);
    }

    @ParameterizedTest
    @MethodSource("jdkPublicKeys")
    void pemWithSurroundingTextAndCrLfIsRead(PublicKey key) {
        String pem = "Key for payments:\r\n" + PublicKeys.toPem(key).replace("\n", "\r\n") + "trailer\r\n";

        assertThat(PublicKeys.fromPem(pem).getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void garbageDerIsInvalidArgument() {
        assertInvalid(() -> PublicKeys.fromDer(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}));
        assertInvalid(() -> PublicKeys.fromDer("not a key".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void emptyDerIsInvalidArgument() {
        assertInvalid(() -> PublicKeys.fromDer(new byte[0]));
    }

    @Test
    void truncatedDerIsInvalidArgument() throws Exception {
        byte[] der = jdkPublicKeys().findFirst().orElseThrow().getEncoded();

        assertInvalid(() -> PublicKeys.fromDer(Arrays.copyOf(der, der.length - 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not pem at all",
            "-----BEGIN PUBLIC KEY-----\nMFkw\n",
            "-----END PUBLIC KEY-----\n-----BEGIN PUBLIC KEY-----\n",
            "-----BEGIN PUBLIC KEY-----\n!!!notbase64!!!\n-----END PUBLIC KEY-----\n",
            "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n",
            "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"})
    void garbagePemIsInvalidArgument(String pem) {
        assertInvalid(() -> PublicKeys.fromPem(pem));
    }

    @Test
    void keyWithoutX509EncodingIsUnsupported() {
        PublicKey odd = new PublicKey() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getAlgorithm() {
                return "Odd";
            }

            @Override
            public String getFormat() {
                return "RAW";
            }

            @Override
            public byte[] getEncoded() {
                return new byte[] {1};
            }
        };

        assertThatThrownBy(() -> PublicKeys.toDer(odd)).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.UNSUPPORTED));
    }

    @Test
    void pemBodyIsTheBase64OfTheDer() throws Exception {
        PublicKey key = jdkPublicKeys().findFirst().orElseThrow();
        String pem = PublicKeys.toPem(key);
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");

        assertThat(Base64.getDecoder().decode(body)).isEqualTo(PublicKeys.toDer(key));
    }

    private static void assertInvalid(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }
}
