package dev.kms4j.testsupport;

import dev.kms4j.Capability;
import dev.kms4j.ProviderConfig;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A factory for {@code KmsManager} tests that keeps the providers and configs it created. The
 * nested subclasses have fixed schemes so {@link java.util.ServiceLoader} can instantiate them.
 */
public class StubProviderFactory implements KmsProviderFactory {
    private final String scheme;
    private final Function<String, KmsProvider> providers;
    public final List<KmsProvider> created = new CopyOnWriteArrayList<>();
    public final List<ProviderConfig> configs = new CopyOnWriteArrayList<>();

    public StubProviderFactory(String scheme) {
        this(scheme, StubProvider::new);
    }

    public StubProviderFactory(String scheme, Function<String, KmsProvider> providers) {
        this.scheme = scheme;
        this.providers = providers;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public KmsProvider create(ProviderConfig config) {
        configs.add(config);
        KmsProvider provider = providers.apply(scheme);
        created.add(provider);
        return provider;
    }

    /** Discovered through src/test/resources/META-INF/services; scheme "alpha". */
    public static final class Alpha extends StubProviderFactory {
        public Alpha() {
            super("alpha");
        }
    }

    /** Discovered through src/test/resources/META-INF/services; scheme "beta". */
    public static final class Beta extends StubProviderFactory {
        public Beta() {
            super("beta");
        }
    }

    /**
     * Discovered through src/test/resources/META-INF/services; counts {@link #create} calls in a
     * static field, because ServiceLoader hands the test no instance.
     */
    public static final class Watched extends StubProviderFactory {
        public static final java.util.concurrent.atomic.AtomicInteger CREATE_CALLS =
                new java.util.concurrent.atomic.AtomicInteger();

        public Watched() {
            super("watched");
        }

        @Override
        public KmsProvider create(ProviderConfig config) {
            CREATE_CALLS.incrementAndGet();
            return super.create(config);
        }
    }

    /** Listed only in the duplicate-scheme services file; claims scheme "dup". */
    public static final class DuplicateOne extends StubProviderFactory {
        public DuplicateOne() {
            super("dup");
        }
    }

    /** Listed only in the duplicate-scheme services file; also claims scheme "dup". */
    public static final class DuplicateTwo extends StubProviderFactory {
        public DuplicateTwo() {
            super("dup");
        }
    }
}
