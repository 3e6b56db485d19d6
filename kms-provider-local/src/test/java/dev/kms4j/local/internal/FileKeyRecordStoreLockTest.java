package dev.kms4j.local.internal;

import static dev.kms4j.local.StorageTestSupport.KEY_A;
import static dev.kms4j.local.StorageTestSupport.isolated;
import static dev.kms4j.local.StorageTestSupport.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyRecordStoreLockTest {
    @TempDir
    Path tmp;

    private Path dir() {
        return tmp.resolve("keystore");
    }

    private ProviderConfig waitingConfig(String lockWait) {
        return isolated(dir()).set("master-key", KEY_A).set("lock-wait", lockWait).build();
    }

    @Test
    void secondStoreOnALockedKeystoreIsUnavailableAndNotRetryable() {
        try (FileKeyRecordStore first = FileKeyRecordStore.open(dir(), withKey(dir(), KEY_A))) {
            assertThatThrownBy(() -> FileKeyRecordStore.open(dir(), withKey(dir(), KEY_A)))
                    .isInstanceOfSatisfying(KmsException.class, e -> {
                        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
                        assertThat(e.isRetryable()).isFalse();
                        assertThat(e.getMessage()).isEqualTo("keystore " + dir() + " is locked by another process or another open store");
                    });
        }
    }

    @Test
    void failedSecondOpenLeavesTheFirstStoresLockIntact() {
        try (FileKeyRecordStore first = FileKeyRecordStore.open(dir(), withKey(dir(), KEY_A))) {
            assertThatThrownBy(() -> FileKeyRecordStore.open(dir(), withKey(dir(), KEY_A))).isInstanceOf(KmsException.class);
            assertThatThrownBy(() -> FileKeyRecordStore.open(dir(), withKey(dir(), KEY_A))).isInstanceOf(KmsException.class);
            first.create("k", new byte[] {1});
        }
    }

    @Test
    void lockIsReleasedOnClose() {
        FileKeyRecordStore first = FileKeyRecordStore.open(dir(), withKey(dir(), KEY_A));
        first.close();
        try (FileKeyRecordStore second = FileKeyRecordStore.open(dir(), withKey(dir(), KEY_A))) {
            assertThat(second.list()).isEmpty();
        }
    }

    @Test
    void lockWaitGivesUpWithUnavailableWhileTheLockStaysHeld() {
        try (FileKeyRecordStore first = FileKeyRecordStore.open(dir(), withKey(dir(), KEY_A))) {
            assertThatThrownBy(() -> FileKeyRecordStore.open(dir(), waitingConfig("300ms")))
                    .isInstanceOfSatisfying(KmsException.class, e -> {
                        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
                        assertThat(e.isRetryable()).isFalse();
                    });
        }
    }

    @Test
    void lockWaitAcquiresTheLockOnceItIsReleased() throws Exception {
        FileKeyRecordStore first = FileKeyRecordStore.open(dir(), withKey(dir(), KEY_A));
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<FileKeyRecordStore> second = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return FileKeyRecordStore.open(dir(), waitingConfig("30s"));
        });
        waiting.await();
        Thread.sleep(200);
        first.close();
        try (FileKeyRecordStore store = second.get(30, TimeUnit.SECONDS)) {
            assertThat(store.list()).isEmpty();
        }
    }

    @Test
    void malformedLockWaitIsInvalidArgument() {
        assertThatThrownBy(() -> FileKeyRecordStore.open(dir(), waitingConfig("soon")))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }
}
