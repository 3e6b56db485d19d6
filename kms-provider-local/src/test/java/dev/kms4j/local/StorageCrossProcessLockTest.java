package dev.kms4j.local;

import static dev.kms4j.local.StorageTestSupport.KEY_A;
import static dev.kms4j.local.StorageTestSupport.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.local.internal.KeyRecordStore;
import dev.kms4j.local.internal.KeyRecordStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class StorageCrossProcessLockTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void keystoreHeldByAnotherProcessIsUnavailableUntilThatProcessDies() throws Exception {
        Path dir = tmp.resolve("keystore");
        Process holder = ChildJvm.snapshot(tmp).command(StorageLockHolder.class, dir.toString()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.equals("READY")) {
                line = out.readLine();
            }
            assertThat(line).as("the holder opened the keystore").isEqualTo("READY");

            assertThatThrownBy(() -> KeyRecordStores.open(withKey(dir, KEY_A)))
                    .isInstanceOfSatisfying(KmsException.class, e -> {
                        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
                        assertThat(e.isRetryable()).isFalse();
                        assertThat(e.getMessage()).isEqualTo("keystore " + dir + " is locked by another process or another open store");
                    });

            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            try (KeyRecordStore store = KeyRecordStores.open(withKey(dir, KEY_A))) {
                assertThat(store.list()).isEmpty();
            }
        } finally {
            holder.destroyForcibly();
        }
    }
}
