package dev.kms4j.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.CreateKeyOptions;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stored private keys are standard PKCS#8 that the JDK reads, and signatures the JDK makes with
 * them (random ECDSA nonces, random PSS salts) verify with the provider.
 */
class LocalProviderInteropTest {
    private static final byte[] MESSAGE = "interop".getBytes(StandardCharsets.UTF_8);

    private final InMemoryKeyRecordStore store = new InMemoryKeyRecordStore();
    private final LocalKmsProvider provider = new LocalKmsProvider(store, new MutableClock(LocalProviderFixture.START));

    @AfterEach
    void close() {
        provider.close();
    }

    @ParameterizedTest
    @CsvSource({"EC_P256, ECDSA_SHA256, EC", "EC_P521, ECDSA_SHA512, EC", "ED25519, ED25519, Ed25519",
        "RSA_2048, RSA_PSS_SHA256, RSA", "RSA_2048, RSA_PKCS1_SHA384, RSA"})
    void jdkSignatureWithTheStoredPrivateKeyVerifies(KeySpec spec, SignatureAlgorithm algorithm, String keyAlgorithm)
            throws Exception {
        KeyRef key = provider.createKey(KeyRef.of("local", "k"), CreateKeyOptions.of(spec)).ref();
        PrivateKey privateKey = storedPrivateKey("k", keyAlgorithm);

        Signature jdk = Signature.getInstance(algorithm.jcaName());
        if (algorithm.jcaParameters() != null) {
            jdk.setParameter(algorithm.jcaParameters());
        }
        jdk.initSign(privateKey);
        jdk.update(MESSAGE);

        assertThat(provider.verify(key, algorithm, MESSAGE, jdk.sign())).isTrue();
    }

    @Test
    void storedEcKeyMatchesTheExportedPublicKey() throws Exception {
        KeyRef key = provider.createKey(KeyRef.of("local", "k"), CreateKeyOptions.of(KeySpec.EC_P384)).ref();
        java.security.interfaces.ECPrivateKey privateKey =
                (java.security.interfaces.ECPrivateKey) storedPrivateKey("k", "EC");

        Signature jdk = Signature.getInstance("SHA384withECDSA");
        jdk.initSign(privateKey);
        jdk.update(MESSAGE);
        byte[] signature = jdk.sign();
        jdk.initVerify(provider.publicKey(key));
        jdk.update(MESSAGE);

        assertThat(jdk.verify(signature)).isTrue();
    }

    private PrivateKey storedPrivateKey(String id, String keyAlgorithm) throws Exception {
        byte[] bytes = store.read(id).orElseThrow();
        KeyRecord record = KeyRecordCodec.decode(id, bytes);
        try {
            byte[] pkcs8 = record.version(record.currentVersion()).material();
            return KeyFactory.getInstance(keyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } finally {
            record.wipe();
        }
    }
}
