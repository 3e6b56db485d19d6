package dev.kms4j.local.internal;

import dev.kms4j.ProviderConfig;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/** The two record stores the provider's tests run on. */
enum StoreKind {
    MEMORY {
        @Override
        KeyRecordStore open(Path dir) {
            return KeyRecordStores.open(ProviderConfig.of(Map.of("path", KeyRecordStores.IN_MEMORY)));
        }
    },
    DISK {
        @Override
        KeyRecordStore open(Path dir) {
            return KeyRecordStores.open(ProviderConfig.of(Map.of(
                    "path", dir.resolve("keystore").toString(),
                    "master-key", TEST_MASTER_KEY)));
        }
    };

    /** A fixed master key for the on-disk tests: base64 of 32 bytes 0x00..0x1f. */
    private static final String TEST_MASTER_KEY;

    static {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) i;
        }
        TEST_MASTER_KEY = Base64.getEncoder().encodeToString(k);
    }

    /** Opens a store; for {@link #DISK}, reopening the same {@code dir} sees the same keys. */
    abstract KeyRecordStore open(Path dir);
}
