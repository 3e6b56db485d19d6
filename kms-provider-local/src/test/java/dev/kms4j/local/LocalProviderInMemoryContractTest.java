package dev.kms4j.local;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.testkit.KmsProviderContract;
import java.util.Map;
import java.util.UUID;

/** The provider conformance suite against the local provider's in-memory store. */
class LocalProviderInMemoryContractTest extends KmsProviderContract {

    @Override
    protected KmsManager createManager() {
        return KmsManager.builder()
                .enable("local", ProviderConfig.of(Map.of("path", ":memory:")))
                .build();
    }

    @Override
    protected KeyRef newKeyRef(String hint) {
        return KeyRef.of("local", hint + "-" + UUID.randomUUID());
    }
}
