package dev.kms4j.testsupport;

import dev.kms4j.Capability;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import dev.kms4j.spi.ProviderDecorator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Builds a {@link KmsManager} around one given provider instance, for decorator tests. */
public final class Managers {
    private Managers() {
    }

    /** A manager serving {@code provider} with {@code settings}, wrapped by {@code decorators}. */
    public static KmsManager of(KmsProvider provider, Map<String, String> settings, ProviderDecorator... decorators) {
        KmsManager.Builder b = KmsManager.builder().discovery(false).factory(new KmsProviderFactory() {
            @Override
            public String scheme() {
                return provider.scheme();
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.allOf(Capability.class);
            }

            @Override
            public KmsProvider create(ProviderConfig config) {
                return provider;
            }
        }).enable(provider.scheme(), ProviderConfig.of(settings));
        for (ProviderDecorator d : decorators) {
            b.decorate(d);
        }
        return b.build();
    }

    /** A manager serving {@code provider} without settings. */
    public static KmsManager of(KmsProvider provider, ProviderDecorator... decorators) {
        return of(provider, Map.of(), decorators);
    }
}
