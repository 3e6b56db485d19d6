package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.spi.ForwardingKmsProvider;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import dev.kms4j.spi.ProviderDecorator;
import dev.kms4j.spi.ProviderDecorator.Stage;
import dev.kms4j.testsupport.StubProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class KmsManagerDecoratorTest {
    private static final KeyRef KEY = KeyRef.parse("stub://payments");
    private static final byte[] MESSAGE = {9, 9};

    private final List<String> trace = new CopyOnWriteArrayList<>();
    private final StubProvider provider = new StubProvider("stub");

    @Test
    void decoratorsStackByStageWhateverTheRegistrationOrder() {
        try (KmsManager kms = builder()
                .decorate(tracing("resilience", Stage.RESILIENCE))
                .decorate(tracing("observation", Stage.OBSERVATION))
                .decorate(tracing("policy", Stage.ACCESS_POLICY))
                .decorate(tracing("cache", Stage.CACHE))
                .decorate(tracing("audit", Stage.AUDIT))
                .build()) {
            kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        }

        assertThat(trace).containsExactly("observation", "audit", "policy", "cache", "resilience");
        assertThat(provider.calls).hasSize(1);
    }

    @Test
    void withinOneStageTheFirstRegisteredIsInner() {
        try (KmsManager kms = builder()
                .decorate(tracing("first", Stage.CACHE))
                .decorate(tracing("second", Stage.CACHE))
                .build()) {
            kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        }

        assertThat(trace).containsExactly("second", "first");
    }

    @Test
    void decoratorSeesTheProviderSettings() {
        Map<String, String> seen = new java.util.concurrent.ConcurrentHashMap<>();
        ProviderDecorator d = new ProviderDecorator() {
            @Override
            public Stage stage() {
                return Stage.CACHE;
            }

            @Override
            public KmsProvider decorate(KmsProvider p, ProviderConfig config) {
                config.get("cache-ttl").ifPresent(v -> seen.put(p.scheme(), v));
                return p;
            }
        };

        try (KmsManager kms = KmsManager.builder().discovery(false).factory(factory())
                .enable("stub", ProviderConfig.of(Map.of("cache-ttl", "5m"))).decorate(d).build()) {
            assertThat(seen).containsEntry("stub", "5m");
        }
    }

    @Test
    void closingTheManagerClosesTheProviderThroughItsDecorators() {
        KmsManager kms = builder().decorate(tracing("cache", Stage.CACHE)).build();

        kms.close();

        assertThat(provider.closeCount).isEqualTo(1);
    }

    @Test
    void aDecoratorReturningNullFailsTheBuildAndClosesTheProvider() {
        KmsManager.Builder b = builder().decorate(new ProviderDecorator() {
            @Override
            public Stage stage() {
                return Stage.AUDIT;
            }

            @Override
            public KmsProvider decorate(KmsProvider p, ProviderConfig config) {
                return null;
            }
        });

        assertThatThrownBy(b::build).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INTERNAL));
        assertThat(provider.closeCount).isEqualTo(1);
    }

    @Test
    void aDecoratorThatThrowsFailsTheBuildAndClosesTheLayersBuiltSoFar() {
        KmsManager.Builder b = builder()
                .decorate(tracing("inner", Stage.RESILIENCE))
                .decorate(new ProviderDecorator() {
                    @Override
                    public Stage stage() {
                        return Stage.OBSERVATION;
                    }

                    @Override
                    public KmsProvider decorate(KmsProvider p, ProviderConfig config) {
                        throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "bad metrics setting");
                    }
                });

        assertThatThrownBy(b::build).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
        assertThat(provider.closeCount).isEqualTo(1);
    }

    @Test
    void aNullDecoratorIsRefused() {
        assertThatThrownBy(() -> KmsManager.builder().decorate(null)).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void forwardingProviderForwardsEveryOperationItDoesNotOverride() {
        KmsProvider forwarding = new ForwardingKmsProvider(provider) {
        };

        assertThat(forwarding.scheme()).isEqualTo("stub");
        assertThat(forwarding.capabilities()).isEqualTo(provider.capabilities());
        assertThat(forwarding.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE)).isEqualTo(StubProvider.SIGNATURE);
        forwarding.rotate(KEY);
        forwarding.disable(KEY);
        forwarding.close();
        assertThat(provider.calls).hasSize(3);
        assertThat(provider.closeCount).isEqualTo(1);
    }

    private KmsManager.Builder builder() {
        return KmsManager.builder().discovery(false).factory(factory()).enable("stub");
    }

    private KmsProviderFactory factory() {
        return new KmsProviderFactory() {
            @Override
            public String scheme() {
                return "stub";
            }

            @Override
            public java.util.Set<Capability> capabilities() {
                return EnumSet.allOf(Capability.class);
            }

            @Override
            public KmsProvider create(ProviderConfig config) {
                return provider;
            }
        };
    }

    private ProviderDecorator tracing(String name, Stage stage) {
        return new ProviderDecorator() {
            @Override
            public Stage stage() {
                return stage;
            }

            @Override
            public KmsProvider decorate(KmsProvider p, ProviderConfig config) {
                return new ForwardingKmsProvider(p) {
                    @Override
                    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
                        trace.add(name);
                        return super.sign(ref, algorithm, message);
                    }
                };
            }
        };
    }
}
