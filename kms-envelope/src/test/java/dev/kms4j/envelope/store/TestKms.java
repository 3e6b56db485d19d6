package dev.kms4j.envelope.store;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.WrappedKey;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A local in-memory KMS and entry factories for the store tests. */
final class TestKms {
    private TestKms() {
    }

    static KmsManager localInMemory() {
        return KmsManager.builder().enable("local", ProviderConfig.of(Map.of("path", ":memory:"))).build();
    }

    static KeyRef newKek(KmsManager kms, String hint) {
        return kms.createKey(KeyRef.of("local", hint + "-" + UUID.randomUUID()), KeySpec.AES_256);
    }

    /** An entry with made-up wrapped bytes, for store tests that never unwrap. */
    static DekEntry entry(String id, int fill) {
        byte[] bytes = new byte[40];
        java.util.Arrays.fill(bytes, (byte) fill);
        return DekEntry.builder().entityId(id).wrapped(WrappedKey.of(KeyRef.of("local", "kek", "1"), bytes))
                .createdAt(Instant.parse("2026-11-23T10:15:30.123Z")).build();
    }
}
