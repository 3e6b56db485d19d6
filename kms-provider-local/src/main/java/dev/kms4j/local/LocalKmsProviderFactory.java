package dev.kms4j.local;

import dev.kms4j.Capability;
import dev.kms4j.ProviderConfig;
import dev.kms4j.local.internal.LocalKmsProvider;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import java.util.Set;

/**
 * Creates local providers (scheme {@code local}): an embedded keystore in a directory, encrypted
 * under a master key, or in memory with {@code path=:memory:}. Discovered through
 * {@link java.util.ServiceLoader}; enable it explicitly with {@code KmsManager.builder().enable("local", config)}.
 *
 * <p>Settings (explicit, then system property {@code kms4j.local.<name>}, then environment):
 * {@code path} ({@code KMS4J_LOCAL_PATH}) selects the keystore directory or {@code :memory:};
 * the master-key and locking settings are described in the keystore documentation.
 *
 * <p>Stateless and thread-safe.
 */
public final class LocalKmsProviderFactory implements KmsProviderFactory {
    /** For {@link java.util.ServiceLoader}. */
    public LocalKmsProviderFactory() {
    }

    @Override
    public String scheme() {
        return "local";
    }

    @Override
    public Set<Capability> capabilities() {
        return LocalKmsProvider.CAPABILITIES;
    }

    @Override
    public KmsProvider create(ProviderConfig config) {
        return LocalKmsProvider.open(config);
    }

    @Override
    public String toString() {
        return "LocalKmsProviderFactory[local]";
    }
}
