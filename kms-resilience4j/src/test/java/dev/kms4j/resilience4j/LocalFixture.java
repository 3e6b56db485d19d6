package dev.kms4j.resilience4j;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.testkit.faults.FaultInjection;
import dev.kms4j.testkit.faults.Faults;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The local in-memory provider behind the testkit's fault injection, behind {@link Resilience},
 * all on one {@link FakeTime}: injected latency and recorded waits both move the clock.
 */
final class LocalFixture implements AutoCloseable {
    static final KeyRef EC_KEY = KeyRef.parse("local://signing");
    static final KeyRef AES_KEY = KeyRef.parse("local://encryption");

    final FakeTime time = new FakeTime();
    final FaultInjection injection = FaultInjection.create(new Faults(), time::advance);
    final Resilience resilience;
    final KmsManager kms;

    /** Options on the fake time, adjusted by {@code options}, plus the given provider settings. */
    LocalFixture(UnaryOperator<ResilienceOptions.Builder> options, Map<String, String> settings) {
        resilience = Resilience.of(options.apply(ResilienceOptions.builder().clock(time).sleeper(time.sleeper()))
                .build());
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("path", ":memory:");
        ProviderConfig config = ProviderConfig.builder().setAll(all)
                .systemProperties(new Properties()).environment(Map.of()).build();
        // Fault injection registered first: within the RESILIENCE stage it is the inner one.
        kms = KmsManager.builder().enable("local", config).decorate(injection).decorate(resilience).build();
    }

    LocalFixture(UnaryOperator<ResilienceOptions.Builder> options) {
        this(options, Map.of());
    }

    /** Creates an EC P-256 key and an AES-256 key while no faults are set, then zeroes the counters. */
    LocalFixture withKeys() {
        kms.createKey(EC_KEY, KeySpec.EC_P256);
        kms.createKey(AES_KEY, KeySpec.AES_256);
        injection.provider("local").resetCounts();
        return this;
    }

    Faults faults() {
        return injection.faults();
    }

    /** Calls of {@code operation} that reached the (fault-injecting) provider. */
    long calls(String operation) {
        return injection.provider("local").calls(operation);
    }

    @Override
    public void close() {
        kms.close();
    }
}
