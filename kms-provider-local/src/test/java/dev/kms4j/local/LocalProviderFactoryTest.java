package dev.kms4j.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.Capability;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.spi.KmsProviderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProviderFactoryTest {
    private static final byte[] DATA = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void isDiscoveredByServiceLoaderForSchemeLocal() {
        var factories = ServiceLoader.load(KmsProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.scheme().equals("local"))
                .collect(Collectors.toList());

        assertThat(factories).singleElement().isInstanceOf(LocalKmsProviderFactory.class);
    }

    @Test
    void declaresEveryCapability() {
        assertThat(new LocalKmsProviderFactory().capabilities())
                .isEqualTo(EnumSet.complementOf(EnumSet.of(Capability.ROTATION_POLICY)));
    }

    @Test
    void worksThroughKmsManagerInMemory() {
        try (KmsManager kms = KmsManager.builder()
                .enable("local", ProviderConfig.of(Map.of("path", ":memory:"))).build()) {
            KeyRef key = kms.createKey(KeyRef.parse("local://payments"), KeySpec.EC_P256);
            byte[] sig = kms.sign(key, SignatureAlgorithm.ECDSA_SHA256, DATA);

            assertThat(kms.verify(key, SignatureAlgorithm.ECDSA_SHA256, DATA, sig)).isTrue();
            assertThat(kms.capabilities("local")).contains(Capability.CREATE, Capability.DATA_KEY);
            assertThat(kms.listKeys("local://")).containsExactly(key);
        }
    }

    @Test
    void keysPersistAcrossManagersOnDisk(@TempDir Path dir) {
        byte[] masterKey = new byte[32];
        new java.security.SecureRandom().nextBytes(masterKey);
        ProviderConfig config = ProviderConfig.of(Map.of("path", dir.resolve("keys").toString(),
                "master-key", Base64.getEncoder().encodeToString(masterKey)));
        KeyRef key = KeyRef.parse("local://orders");
        byte[] ct;
        try (KmsManager kms = KmsManager.builder().enable("local", config).build()) {
            kms.createKey(key, KeySpec.AES_256);
            ct = kms.encrypt(key, DATA, EncryptionContext.of("order", "1"));
        }

        try (KmsManager kms = KmsManager.builder().enable("local", config).build()) {
            assertThat(kms.decrypt(key, ct, EncryptionContext.of("order", "1"))).isEqualTo(DATA);
        }
    }

    @Test
    void missingPathIsInvalidArgument() {
        ProviderConfig config = ProviderConfig.builder()
                .systemProperties(new Properties()).environment(Map.of()).build().forScheme("local");

        KmsException e = catchThrowableOfType(KmsException.class, () -> new LocalKmsProviderFactory().create(config));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("path");
    }
}
