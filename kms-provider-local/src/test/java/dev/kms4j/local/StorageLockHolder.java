package dev.kms4j.local;

import static dev.kms4j.local.StorageTestSupport.KEY_A;
import static dev.kms4j.local.StorageTestSupport.withKey;

import dev.kms4j.local.internal.KeyRecordStore;
import dev.kms4j.local.internal.KeyRecordStores;
import java.nio.file.Path;

/**
 * A child process for {@link StorageCrossProcessLockTest}: opens the keystore given as the only
 * argument, prints {@code READY}, and holds it until killed (at most a minute).
 */
public final class StorageLockHolder {
    private StorageLockHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        try (KeyRecordStore store = KeyRecordStores.open(withKey(dir, KEY_A))) {
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
