package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureAlgorithmTest {
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.UTF_8);
    private static final Map<KeyType, KeyPair> KEY_PAIRS = new EnumMap<>(KeyType.class);

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KEY_PAIRS.put(KeyType.EC, ec.generateKeyPair());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KEY_PAIRS.put(KeyType.RSA, rsa.generateKeyPair());
        KEY_PAIRS.put(KeyType.EDWARDS, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void isCompatibleOnlyWithSpecsOfItsKeyType(SignatureAlgorithm algorithm) {
        for (KeySpec spec : KeySpec.values()) {
            if (spec.type() != algorithm.keyType()) {
                assertThat(algorithm.isCompatibleWith(spec)).as("%s with %s", algorithm, spec).isFalse();
            }
        }
    }

    @Test
    void ecdsaWorksWithEveryCurve() {
        Stream.of(KeySpec.EC_P256, KeySpec.EC_P384, KeySpec.EC_P521, KeySpec.EC_SECP256K1).forEach(spec ->
                assertThat(SignatureAlgorithm.ECDSA_SHA512.isCompatibleWith(spec)).isTrue());
    }

    @Test
    void rsaAlgorithmsWorkWithEveryModulusSize() {
        for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
            if (algorithm.keyType() == KeyType.RSA) {
                assertThat(algorithm.isCompatibleWith(KeySpec.RSA_2048)).isTrue();
                assertThat(algorithm.isCompatibleWith(KeySpec.RSA_4096)).isTrue();
            }
        }
    }

    @Test
    void hmacAlgorithmMatchesOnlyTheKeyOfItsHashSize() {
        assertThat(SignatureAlgorithm.HMAC_SHA256.isCompatibleWith(KeySpec.HMAC_SHA256)).isTrue();
        assertThat(SignatureAlgorithm.HMAC_SHA256.isCompatibleWith(KeySpec.HMAC_SHA384)).isFalse();
        assertThat(SignatureAlgorithm.HMAC_SHA384.isCompatibleWith(KeySpec.HMAC_SHA384)).isTrue();
        assertThat(SignatureAlgorithm.HMAC_SHA512.isCompatibleWith(KeySpec.HMAC_SHA512)).isTrue();
        assertThat(SignatureAlgorithm.HMAC_SHA512.isCompatibleWith(KeySpec.HMAC_SHA256)).isFalse();
    }

    @Test
    void ed25519IsCompatibleWithEd25519Only() {
        assertThat(SignatureAlgorithm.ED25519.isCompatibleWith(KeySpec.ED25519)).isTrue();
        assertThat(SignatureAlgorithm.ED25519.isCompatibleWith(KeySpec.EC_P256)).isFalse();
        assertThat(SignatureAlgorithm.ED25519.digestAlgorithm()).isNull();
        assertThat(SignatureAlgorithm.ED25519.digestLength()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = SignatureAlgorithm.class, names = "RSA_PSS_.*", mode = EnumSource.Mode.MATCH_ALL)
    void pssUsesMgf1WithSameHashSaltAsLongAsHashAndTrailerOne(SignatureAlgorithm algorithm) {
        PSSParameterSpec pss = (PSSParameterSpec) algorithm.jcaParameters();

        assertThat(algorithm.isPss()).isTrue();
        assertThat(pss.getDigestAlgorithm()).isEqualTo(algorithm.digestAlgorithm());
        assertThat(pss.getMGFAlgorithm()).isEqualTo("MGF1");
        assertThat(((MGF1ParameterSpec) pss.getMGFParameters()).getDigestAlgorithm()).isEqualTo(algorithm.digestAlgorithm());
        assertThat(pss.getSaltLength()).isEqualTo(algorithm.digestLength());
        assertThat(pss.getTrailerField()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = SignatureAlgorithm.class, names = "RSA_PSS_.*", mode = EnumSource.Mode.MATCH_NONE)
    void nonPssAlgorithmsHaveNoParameters(SignatureAlgorithm algorithm) {
        assertThat(algorithm.isPss()).isFalse();
        assertThat(algorithm.jcaParameters()).isNull();
    }

    @Test
    void digestLengthsMatchTheirDigests() {
        assertThat(SignatureAlgorithm.ECDSA_SHA256.digestLength()).isEqualTo(32);
        assertThat(SignatureAlgorithm.RSA_PSS_SHA384.digestLength()).isEqualTo(48);
        assertThat(SignatureAlgorithm.HMAC_SHA512.digestLength()).isEqualTo(64);
    }

    @ParameterizedTest
    @EnumSource(value = SignatureAlgorithm.class, names = "HMAC_.*", mode = EnumSource.Mode.MATCH_ALL)
    void hmacAlgorithmsAreMacsUsableWithJcaMac(SignatureAlgorithm algorithm) throws Exception {
        SecretKey key = KeyGenerator.getInstance(algorithm.jcaName()).generateKey();
        Mac mac = Mac.getInstance(algorithm.jcaName());
        mac.init(key);

        assertThat(algorithm.isMac()).isTrue();
        assertThat(mac.doFinal(MESSAGE)).hasSize(algorithm.digestLength());
    }

    @ParameterizedTest
    @EnumSource(value = SignatureAlgorithm.class, names = "HMAC_.*", mode = EnumSource.Mode.MATCH_NONE)
    void signatureAlgorithmsSignAndVerifyWithTheJdkUsingJcaNameAndParameters(SignatureAlgorithm algorithm)
            throws Exception {
        KeyPair pair = KEY_PAIRS.get(algorithm.keyType());
        Signature signer = Signature.getInstance(algorithm.jcaName());
        if (algorithm.jcaParameters() != null) {
            signer.setParameter(algorithm.jcaParameters());
        }
        signer.initSign(pair.getPrivate());
        signer.update(MESSAGE);
        byte[] signature = signer.sign();

        Signature verifier = Signature.getInstance(algorithm.jcaName());
        if (algorithm.jcaParameters() != null) {
            verifier.setParameter(algorithm.jcaParameters());
        }
        verifier.initVerify(pair.getPublic());
        verifier.update(MESSAGE);

        assertThat(algorithm.isMac()).isFalse();
        assertThat(verifier.verify(signature)).isTrue();
    }
}
