package dev.kms4j.spi;

import dev.kms4j.Capability;
import dev.kms4j.ProviderConfig;
import java.util.Set;

/**
 * Creates {@link KmsProvider}s for one key URI scheme. Discovered with
 * {@link java.util.ServiceLoader}; declare implementations in
 * {@code META-INF/services/dev.kms4j.spi.KmsProviderFactory} (and in {@code module-info.java}
 * with {@code provides}).
 *
 * <p>Discovery alone never activates a provider: {@code KmsManager} only creates providers for
 * schemes the application enables explicitly, so a jar on the classpath cannot take over a
 * scheme. Implementations must have a public no-argument constructor and be thread-safe.
 */
public interface KmsProviderFactory {
    /** The key URI scheme served, for example {@code "local"} or {@code "aws-kms"}. */
    String scheme();

    /** The operations providers from this factory can support (individual keys may support fewer). */
    Set<Capability> capabilities();

    /**
     * Creates a provider. Validates the configuration and fails fast.
     *
     * @param config settings bound to {@link #scheme()}
     * @throws dev.kms4j.KmsException {@code INVALID_ARGUMENT} for bad settings,
     *     {@code UNAUTHENTICATED} for bad credentials, {@code UNAVAILABLE} if a store is locked
     */
    KmsProvider create(ProviderConfig config);
}
