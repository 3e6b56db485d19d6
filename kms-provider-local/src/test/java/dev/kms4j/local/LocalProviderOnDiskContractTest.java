package dev.kms4j.local;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.testkit.KmsProviderContract;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider conformance suite against an on-disk keystore under a random base64 master key
 * (setting {@code master-key}), in a fresh temporary directory per test.
 */
class LocalProviderOnDiskContractTest extends KmsProviderContract {
    @TempDir
    Path keystore;

    private final String masterKey = randomMasterKey();

    @Override
    protected KmsManager createManager() {
        return KmsManager.builder()
                .enable("local", ProviderConfig.of(Map.of("path", keystore.toString(), "master-key", masterKey)))
                .build();
    }

    @Override
    protected KeyRef newKeyRef(String hint) {
        return KeyRef.of("local", hint + "-" + UUID.randomUUID());
    }

    private static String randomMasterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
