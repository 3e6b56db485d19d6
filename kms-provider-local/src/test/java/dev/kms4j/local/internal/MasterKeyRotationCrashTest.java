package dev.kms4j.local.internal;

import static dev.kms4j.local.StorageTestSupport.KEY_A;
import static dev.kms4j.local.StorageTestSupport.KEY_B;
import static dev.kms4j.local.StorageTestSupport.recordFor;
import static dev.kms4j.local.StorageTestSupport.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.local.LocalKeystore;
import dev.kms4j.local.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stops a master-key rotation after each of its steps, as a crash would (no clean-up runs), and
 * checks that the keystore then opens with exactly one of the two keys, holds every record, and
 * that re-running the rotation completes it.
 */
class MasterKeyRotationCrashTest {
    private static final List<String> IDS = List.of("a", "b", "c", "d");
    /** LOCKED, STAGING_CREATED, one KEY_REENCRYPTED per key, STAGING_VERIFIED, COMMITTED, BACKUP_REMOVED. */
    private static final int STEPS = 5 + IDS.size();

    @TempDir
    Path tmp;

    /** Thrown from the step listener: unlike a KmsException it triggers no clean-up. */
    private static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    static Stream<Integer> crashPoints() {
        return IntStream.rangeClosed(1, STEPS).boxed();
    }

    private Path createKeystore() {
        Path dir = tmp.resolve("keystore");
        try (FileKeyRecordStore store = FileKeyRecordStore.open(dir, withKey(dir, KEY_A))) {
            IDS.forEach(id -> store.create(id, recordFor(id)));
        }
        return dir;
    }

    /** Runs the rotation A to B, crashing right after step number {@code crashAfter}. */
    private static List<MasterKeyRotation.Step> rotateAndCrash(Path dir, int crashAfter) {
        List<MasterKeyRotation.Step> seen = new ArrayList<>();
        try (MasterKey a = MasterKey.fromBase64(KEY_A); MasterKey b = MasterKey.fromBase64(KEY_B)) {
            MasterKeyRotation.rotate(new KeystoreLayout(dir), MasterKeyRotation.keys(a, b), Duration.ZERO, step -> {
                seen.add(step);
                if (seen.size() == crashAfter) {
                    throw new SimulatedCrash();
                }
            });
        } catch (SimulatedCrash expected) {
            return seen;
        }
        throw new AssertionError("the rotation finished before step " + crashAfter);
    }

    @Test
    void rotationHasTheExpectedNumberOfSteps() {
        Path dir = createKeystore();
        List<MasterKeyRotation.Step> seen = new ArrayList<>();
        try (MasterKey a = MasterKey.fromBase64(KEY_A); MasterKey b = MasterKey.fromBase64(KEY_B)) {
            MasterKeyRotation.rotate(new KeystoreLayout(dir), MasterKeyRotation.keys(a, b), Duration.ZERO, seen::add);
        }
        assertThat(seen).hasSize(STEPS).startsWith(MasterKeyRotation.Step.LOCKED)
                .endsWith(MasterKeyRotation.Step.COMMITTED, MasterKeyRotation.Step.BACKUP_REMOVED);
    }

    @ParameterizedTest(name = "crash after step {0}")
    @MethodSource("crashPoints")
    void crashAtAnyStepLeavesAKeystoreThatOpensWithExactlyOneKeyAndHoldsEveryRecord(int crashAfter) throws Exception {
        Path dir = createKeystore();
        List<MasterKeyRotation.Step> seen = rotateAndCrash(dir, crashAfter);
        boolean committed = seen.contains(MasterKeyRotation.Step.COMMITTED);

        String rightKey = committed ? KEY_B : KEY_A;
        String wrongKey = committed ? KEY_A : KEY_B;
        assertThat(openCode(dir, wrongKey)).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
        try (FileKeyRecordStore store = FileKeyRecordStore.open(dir, withKey(dir, rightKey))) {
            assertThat(store.list()).containsExactlyElementsOf(IDS);
            IDS.forEach(id -> assertThat(store.read(id)).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor(id))));
        }
        assertOnlyOneGenerationAndNoTempFiles(dir);
    }

    @ParameterizedTest(name = "crash after step {0}")
    @MethodSource("crashPoints")
    void rerunningTheRotationAfterACrashCompletesIt(int crashAfter) throws Exception {
        Path dir = createKeystore();
        rotateAndCrash(dir, crashAfter);

        try (MasterKey a = MasterKey.fromBase64(KEY_A); MasterKey b = MasterKey.fromBase64(KEY_B)) {
            LocalKeystore.rotateMasterKey(dir, a, b);
            assertThat(LocalKeystore.masterKeyCheckValue(dir)).isEqualTo(b.checkValue());
        }
        try (FileKeyRecordStore store = FileKeyRecordStore.open(dir, withKey(dir, KEY_B))) {
            assertThat(store.list()).containsExactlyElementsOf(IDS);
            IDS.forEach(id -> assertThat(store.read(id)).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor(id))));
        }
        assertOnlyOneGenerationAndNoTempFiles(dir);
    }

    private static KmsErrorCode openCode(Path dir, String key) {
        try (FileKeyRecordStore store = FileKeyRecordStore.open(dir, withKey(dir, key))) {
            return null;
        } catch (KmsException e) {
            return e.code();
        }
    }

    private static void assertOnlyOneGenerationAndNoTempFiles(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            List<String> names = all.map(p -> dir.relativize(p).toString()).toList();
            assertThat(names).noneMatch(n -> n.endsWith(".tmp"));
            assertThat(names.stream().filter(n -> n.matches("keys\\.\\d+"))).hasSize(1);
        }
    }
}
