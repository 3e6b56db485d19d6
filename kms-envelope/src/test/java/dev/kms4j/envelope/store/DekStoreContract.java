package dev.kms4j.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.WrappedKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link DekStore} must do; each implementation's test extends this. */
abstract class DekStoreContract {
    protected DekStore store;

    protected abstract DekStore openStore();

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void storedEntryReadsBackEqual() {
        DekEntry e = TestKms.entry("tenant-1", 1);
        assertThat(store.putIfAbsent(e)).isEqualTo(e);
        assertThat(store.get("tenant-1")).contains(e);
    }

    @Test
    void unknownEntityIsEmpty() {
        assertThat(store.get("nobody")).isEmpty();
    }

    @Test
    void putIfAbsentKeepsTheFirstEntryAndReturnsIt() {
        DekEntry first = TestKms.entry("thread-7", 1);
        DekEntry second = TestKms.entry("thread-7", 2);
        store.putIfAbsent(first);
        assertThat(store.putIfAbsent(second)).isEqualTo(first);
        assertThat(store.get("thread-7")).contains(first);
    }

    @Test
    void idsAreSorted() {
        store.putIfAbsent(TestKms.entry("b", 1));
        store.putIfAbsent(TestKms.entry("a", 1));
        store.putIfAbsent(TestKms.entry("c.table", 1));
        assertThat(store.ids()).containsExactly("a", "b", "c.table");
    }

    @Test
    void compareAndSetReplacesTheExpectedEntry() {
        DekEntry first = store.putIfAbsent(TestKms.entry("t", 1));
        DekEntry next = TestKms.entry("t", 2);
        assertThat(store.compareAndSet(first, next)).isTrue();
        assertThat(store.get("t")).contains(next);
    }

    @Test
    void compareAndSetRefusesAStaleExpectation() {
        DekEntry first = store.putIfAbsent(TestKms.entry("t", 1));
        store.compareAndSet(first, TestKms.entry("t", 2));
        assertThat(store.compareAndSet(first, TestKms.entry("t", 3))).isFalse();
        assertThat(store.get("t")).contains(TestKms.entry("t", 2));
    }

    @Test
    void compareAndSetOnAMissingEntityIsFalse() {
        assertThat(store.compareAndSet(TestKms.entry("t", 1), TestKms.entry("t", 2))).isFalse();
        assertThat(store.get("t")).isEmpty();
    }

    @Test
    void compareAndSetAcrossEntitiesIsInvalid() {
        DekEntry a = store.putIfAbsent(TestKms.entry("a", 1));
        assertThatThrownBy(() -> store.compareAndSet(a, TestKms.entry("b", 1)))
                .isInstanceOf(KmsException.class).extracting(e -> ((KmsException) e).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(store.get("a")).contains(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../x", "a/b", ".hidden", "a..b", "with space", "tab\t", "é"})
    void invalidEntityIdIsRefused(String id) {
        assertThatThrownBy(() -> store.get(id)).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void tooLongEntityIdIsRefused() {
        assertThatThrownBy(() -> store.get("x".repeat(EntityIds.MAX_LENGTH + 1))).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(store.ids()).isEmpty();
    }

    @Test
    void replaceAllSwitchesEveryEntryOnCommit() {
        store.putIfAbsent(TestKms.entry("a", 1));
        store.putIfAbsent(TestKms.entry("b", 1));
        try (DekReplacement r = store.beginReplaceAll()) {
            for (DekEntry e : r.entries()) {
                r.stage(rewrapped(e));
            }
            r.commit();
        }
        assertThat(store.get("a")).contains(rewrapped(TestKms.entry("a", 1)));
        assertThat(store.get("b")).contains(rewrapped(TestKms.entry("b", 1)));
    }

    @Test
    void replaceAllWithoutCommitChangesNothing() {
        DekEntry a = store.putIfAbsent(TestKms.entry("a", 1));
        try (DekReplacement r = store.beginReplaceAll()) {
            r.stage(rewrapped(a));
            assertThat(r.readStaged("a")).contains(rewrapped(a));
        }
        assertThat(store.get("a")).contains(a);
    }

    @Test
    void commitWithAnUnstagedEntryIsRefusedAndChangesNothing() {
        DekEntry a = store.putIfAbsent(TestKms.entry("a", 1));
        DekEntry b = store.putIfAbsent(TestKms.entry("b", 1));
        try (DekReplacement r = store.beginReplaceAll()) {
            r.stage(rewrapped(a));
            assertThatThrownBy(r::commit).isInstanceOf(KmsException.class)
                    .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        }
        assertThat(store.get("a")).contains(a);
        assertThat(store.get("b")).contains(b);
    }

    @Test
    void stagingAnEntityOutsideTheReplacementIsRefused() {
        store.putIfAbsent(TestKms.entry("a", 1));
        try (DekReplacement r = store.beginReplaceAll()) {
            assertThatThrownBy(() -> r.stage(TestKms.entry("z", 1))).isInstanceOf(KmsException.class)
                    .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void stagingADifferentDekGenerationIsRefused() {
        DekEntry a = store.putIfAbsent(TestKms.entry("a", 1));
        try (DekReplacement r = store.beginReplaceAll()) {
            assertThatThrownBy(() -> r.stage(a.toBuilder().generation(2).build())).isInstanceOf(KmsException.class)
                    .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void writesWaitForAReplacementInProgress() throws Exception {
        DekEntry a = store.putIfAbsent(TestKms.entry("a", 1));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (DekReplacement r = store.beginReplaceAll()) {
            Future<DekEntry> write = pool.submit(() -> store.putIfAbsent(TestKms.entry("late", 1)));
            r.stage(rewrapped(a));
            r.commit();
            // The writer cannot have finished before the commit: the new generation holds only "a".
            assertThat(store.ids()).containsExactly("a");
            r.close();
            assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(TestKms.entry("late", 1));
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.ids()).containsExactly("a", "late");
    }

    @Test
    void concurrentPutIfAbsentStoresExactlyOneEntry() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<DekEntry>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int fill = i + 1;
                Callable<DekEntry> task = () -> {
                    start.await();
                    return store.putIfAbsent(TestKms.entry("race", fill));
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            Set<DekEntry> winners = new HashSet<>();
            for (Future<DekEntry> f : results) {
                winners.add(f.get(10, TimeUnit.SECONDS));
            }
            assertThat(winners).hasSize(1);
            assertThat(store.get("race")).contains(winners.iterator().next());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closedStoreRefusesUse() {
        store.close();
        assertThatThrownBy(() -> store.get("a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.putIfAbsent(TestKms.entry("a", 1))).isInstanceOf(IllegalStateException.class);
    }

    static DekEntry rewrapped(DekEntry e) {
        return e.withWrapped(WrappedKey.of(KeyRef.of("local", "new-kek", "3"), new byte[] {9, 9, 9}));
    }
}
