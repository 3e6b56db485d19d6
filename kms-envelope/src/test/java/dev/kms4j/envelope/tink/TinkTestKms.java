package dev.kms4j.envelope.tink;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import java.util.Map;
import java.util.UUID;

/** A local in-memory KMS for the Tink bridge tests. */
final class TinkTestKms {
    private TinkTestKms() {
    }

    static KmsManager localInMemory() {
        return KmsManager.builder().enable("local", ProviderConfig.of(Map.of("path", ":memory:"))).build();
    }

    /** A fresh AES-256 key with a unique name (Tink's KmsClients registry is global to the JVM). */
    static KeyRef newKey(KmsManager kms, String hint) {
        return kms.createKey(KeyRef.of("local", hint + "-" + UUID.randomUUID()), KeySpec.AES_256);
    }
}
