package dev.kms4j.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.envelope.store.FileDekStore.ReplaceStep;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A re-wrap stopped after each of its durable steps, as a crash would stop it (no clean-up runs),
 * then the store reopened: it must be wholly in the old or wholly in the new state, decrypt every
 * earlier ciphertext, hold no leftovers, and accept the re-wrap again.
 */
class FileDekStoreCrashTest {
    @TempDir
    Path tmp;

    private KmsManager kms;
    private KeyRef oldKek;
    private KeyRef newKek;

    @BeforeEach
    void setUp() {
        kms = TestKms.localInMemory();
        oldKek = TestKms.newKek(kms, "old");
        newKek = TestKms.newKek(kms, "new");
    }

    @AfterEach
    void tearDown() {
        kms.close();
    }

    static Stream<Arguments> crashPoints() {
        return Stream.of(
                Arguments.of(ReplaceStep.BACKUP_WRITTEN, 1),
                Arguments.of(ReplaceStep.ENTRY_STAGED, 1),
                Arguments.of(ReplaceStep.ENTRY_STAGED, 3),
                Arguments.of(ReplaceStep.STAGING_COMPLETE, 1),
                Arguments.of(ReplaceStep.SWITCHED, 1),
                Arguments.of(ReplaceStep.BACKUP_REMOVED, 1));
    }

    @ParameterizedTest(name = "crash after {0} #{1}")
    @MethodSource("crashPoints")
    void crashLeavesTheOldOrTheNewStateUsable(ReplaceStep crashAfter, int occurrence) throws Exception {
        Path dir = tmp.resolve("store");
        AtomicInteger seen = new AtomicInteger();
        Map<String, byte[]> ciphertexts = new LinkedHashMap<>();
        FileDekStore crashing = FileDekStore.builder(dir).replaceStepListener(step -> {
            if (step == crashAfter && seen.incrementAndGet() == occurrence) {
                throw new SimulatedCrash();
            }
        }).open();
        EntityEncryptor before = EntityEncryptor.builder(kms, oldKek, crashing).build();
        for (String id : List.of("t1", "t2", "t3")) {
            before.createDekFor(id);
            ciphertexts.put(id, before.encryptFor(id, id.getBytes(StandardCharsets.UTF_8), null));
        }

        assertThatThrownBy(() -> before.rewrapAll(newKek, RewrapListener.NONE)).isInstanceOf(SimulatedCrash.class);
        crashing.close();

        boolean switched = crashAfter.compareTo(ReplaceStep.SWITCHED) >= 0;
        KeyRef expected = switched ? newKek : oldKek;
        try (FileDekStore reopened = FileDekStore.open(dir)) {
            EntityEncryptor after = EntityEncryptor.builder(kms, expected, reopened).build();
            for (String id : ciphertexts.keySet()) {
                assertThat(reopened.get(id).orElseThrow().wrapped().kek().withoutVersion()).isEqualTo(expected);
                assertThat(after.decryptFor(id, ciphertexts.get(id), null)).asString(StandardCharsets.UTF_8).isEqualTo(id);
            }
            assertThat(FileDekStoreTest.names(dir))
                    .containsExactlyInAnyOrder(".lock", "dekstore.properties", switched ? "deks.2" : "deks.1");

            after.rewrapAll(newKek, RewrapListener.NONE);
            for (String id : ciphertexts.keySet()) {
                assertThat(reopened.get(id).orElseThrow().wrapped().kek().withoutVersion()).isEqualTo(newKek);
                assertThat(after.decryptFor(id, ciphertexts.get(id), null)).asString(StandardCharsets.UTF_8).isEqualTo(id);
            }
        }
    }

    @ParameterizedTest(name = "crash after {0} #{1}, then a rewrap in the same process")
    @MethodSource("crashPoints")
    void theSameStoreCanRewrapAgainAfterAnAbandonedRewrap(ReplaceStep crashAfter, int occurrence) throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (FileDekStore store = FileDekStore.builder(tmp.resolve("store")).replaceStepListener(step -> {
            if (step == crashAfter && seen.incrementAndGet() == occurrence) {
                throw new SimulatedCrash();
            }
        }).open()) {
            EntityEncryptor enc = EntityEncryptor.builder(kms, oldKek, store).build();
            for (String id : List.of("t1", "t2", "t3")) {
                enc.createDekFor(id);
            }
            byte[] ct = enc.encryptFor("t2", new byte[] {42}, null);
            assertThatThrownBy(() -> enc.rewrapAll(newKek, RewrapListener.NONE)).isInstanceOf(SimulatedCrash.class);
            enc.rewrapAll(newKek, RewrapListener.NONE);
            assertThat(store.get("t2").orElseThrow().wrapped().kek().withoutVersion()).isEqualTo(newKek);
            assertThat(enc.decryptFor("t2", ct, null)).containsExactly(42);
            assertThat(FileDekStoreTest.names(store.directory())).hasSize(3)
                    .contains(".lock", "dekstore.properties").allMatch(n -> !n.startsWith("backup."));
        }
    }

    /** Thrown from the step listener to stop a re-wrap the way a crash would. */
    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }
}
