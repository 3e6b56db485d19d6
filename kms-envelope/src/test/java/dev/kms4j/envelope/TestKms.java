package dev.kms4j.envelope;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import java.util.Map;
import java.util.UUID;

/**
 * A KmsManager for tests: the local provider in memory (scheme {@code local}) and a switchable
 * provider (scheme {@code backup}, see {@link SwitchableProviderFactory}). Close it after use.
 */
final class TestKms implements AutoCloseable {
    final SwitchableProviderFactory backup = new SwitchableProviderFactory("backup");
    final KmsManager kms = KmsManager.builder()
            .enable("local", ProviderConfig.of(Map.of("path", ":memory:")))
            .factory(backup)
            .enable("backup")
            .build();

    /** A new AES-256 KEK in the local provider (unversioned reference). */
    KeyRef localKek() {
        return kms.createKey(KeyRef.of("local", "kek-" + UUID.randomUUID()), KeySpec.AES_256);
    }

    /** A new AES-256 KEK behind the switchable provider. */
    KeyRef backupKek() {
        return kms.createKey(KeyRef.of("backup", "kek-" + UUID.randomUUID()), KeySpec.AES_256);
    }

    @Override
    public void close() {
        kms.close();
    }
}
