package dev.kms4j.local;

import static dev.kms4j.local.StorageTestSupport.KEY_A;
import static dev.kms4j.local.StorageTestSupport.KEY_B;
import static dev.kms4j.local.StorageTestSupport.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.local.internal.KeyRecordStore;
import dev.kms4j.local.internal.KeyRecordStores;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process writing to a keystore with SIGKILL ({@link Process#destroyForcibly()}) at random
 * moments, about twenty times, and checks after each kill that the keystore opens with exactly one
 * of the two master keys the workload rotates between, that every key the workload reported as
 * created (and did not start deleting) reads back with the right content, that every key file
 * decrypts, and that no temporary or stale file survives the open's recovery. What each kill left
 * behind before recovery (temporary files, a rotation's staging or backup directory) is printed,
 * to show which crash windows a run hit.
 *
 * <p>The seed is fixed and printed (override with {@code -Dkms4j.crashTest.seed=N}); the exact kill
 * moments still depend on scheduling, so a failure report should include the seed and the run.
 */
class StorageCrashTest {
    private static final int RUNS = 20;
    private static final long DEFAULT_SEED = 0x6b6d73346aL;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void keystoreSurvivesRepeatedSigkillDuringWritesAndMasterKeyRotations() throws Exception {
        long seed = Long.getLong("kms4j.crashTest.seed", DEFAULT_SEED);
        System.out.println("StorageCrashTest seed=" + seed);
        Random random = new Random(seed);
        Path dir = tmp.resolve("keystore");
        ChildJvm jvm = ChildJvm.snapshot(tmp);
        System.out.println("child JVM: " + jvm);
        Set<String> reportedCreated = new TreeSet<>();
        int masterRotations = 0;

        for (int run = 0; run < RUNS; run++) {
            // Most runs are killed while the workload runs; every fifth at any moment after start,
            // which can also hit the start-up recovery of an earlier crash.
            boolean waitForReady = run % 5 != 4;
            long delayMillis = waitForReady ? 100 + random.nextInt(501) : 200 + random.nextInt(1000);
            String context = "seed " + seed + ", run " + run + ", kill after " + delayMillis + " ms"
                    + (waitForReady ? " of work" : " from start");
            System.out.println(context);

            Path output = tmp.resolve("workload-" + run + ".out");
            Process child = jvm.command(StorageCrashWorkload.class,
                            dir.toString(), Long.toString(seed * 31 + run), Integer.toString(run))
                    .redirectOutput(output.toFile())
                    .start();
            if (waitForReady) {
                assertThat(awaitReady(child, output)).as(context + ": workload ready; " + tail(output)).isTrue();
            }
            Thread.sleep(delayMillis);
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as(context + ": killed workload exits").isTrue();

            List<String> lines = protocolLines(output);
            lines.forEach(l -> System.out.println("  child: " + l));
            assertThat(lines).as(context + ": workload errors").noneMatch(l -> l.startsWith("ERROR"));
            for (String line : lines) {
                if (line.startsWith("CREATED ")) {
                    reportedCreated.add(line.substring("CREATED ".length()));
                } else if (line.startsWith("DELETING ")) {
                    reportedCreated.remove(line.substring("DELETING ".length()));
                }
            }
            masterRotations += (int) lines.stream().filter(l -> l.startsWith("MASTER ")).count();

            System.out.println("  left behind by the kill: " + leftovers(dir));
            verifyKeystore(dir, reportedCreated, context);
        }
        System.out.println("StorageCrashTest: " + RUNS + " kills, " + reportedCreated.size() + " keys reported created, "
                + masterRotations + " master-key rotations reported");
        assertThat(reportedCreated).as("the workload made progress").isNotEmpty();
        assertThat(masterRotations).as("the workload rotated master keys").isPositive();
    }

    private static void verifyKeystore(Path dir, Set<String> reportedCreated, String context) throws IOException {
        String key = openingKey(dir, context);
        try (KeyRecordStore store = KeyRecordStores.open(withKey(dir, key))) {
            List<String> present = store.list();
            System.out.println("  keys after recovery: " + present);
            assertThat(present).as(context + ": every reported key is present").containsAll(reportedCreated);
            for (String id : present) {
                byte[] record = store.read(id).orElseThrow();
                assertThat(StorageCrashWorkload.versionsOf(id, record))
                        .as(context + ": content of " + id).isBetween(1, StorageCrashWorkload.MAX_VERSIONS);
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            List<String> names = all.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).toList();
            assertThat(names).as(context + ": no temporary files").noneMatch(n -> n.endsWith(".tmp"));
            assertThat(names.stream().filter(n -> !n.contains(File.separator)))
                    .as(context + ": top level holds only the lock, the metadata and one generation")
                    .hasSize(3)
                    .contains(".lock", "keystore.properties")
                    .anyMatch(n -> n.matches("keys\\.\\d+"));
            assertThat(names.stream().filter(n -> n.contains(File.separator)))
                    .as(context + ": the generation holds key files only")
                    .allMatch(n -> n.endsWith(".key"));
        }
    }

    /** What a kill left for recovery: temporary files and generation directories (for the log). */
    private static String leftovers(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return "no keystore yet";
        }
        try (Stream<Path> all = Files.walk(dir)) {
            List<String> names = all.map(p -> dir.relativize(p).toString()).toList();
            long temps = names.stream().filter(n -> n.endsWith(".tmp")).count();
            List<String> generations = names.stream().filter(n -> n.matches("keys\\.\\d+")).sorted().toList();
            return temps + " temporary file(s), generations " + generations;
        }
    }

    /** The one test key that opens the keystore; the other must be refused as UNAUTHENTICATED. */
    private static String openingKey(Path dir, String context) {
        List<String> opening = new ArrayList<>();
        for (String key : List.of(KEY_A, KEY_B)) {
            try (KeyRecordStore store = KeyRecordStores.open(withKey(dir, key))) {
                opening.add(key);
            } catch (KmsException e) {
                assertThat(e.code()).as(context + ": refusal of the other key").isEqualTo(KmsErrorCode.UNAUTHENTICATED);
            }
        }
        assertThat(opening).as(context + ": exactly one master key opens the keystore").hasSize(1);
        return opening.get(0);
    }

    /** Waits until the workload printed READY; false if it died first. */
    private static boolean awaitReady(Process child, Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (protocolLines(output).stream().anyMatch(l -> l.startsWith("READY"))) {
                return true;
            }
            if (!child.isAlive()) {
                return false;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /**
     * The complete protocol lines in the workload's output file. The output goes to a file, not a
     * pipe, because {@link Process#destroyForcibly()} closes the parent's end of the pipes right
     * after the signal and so drops lines the child wrote just before dying (a DELETING line lost
     * that way made a correctly deleted key look lost); bytes written to a file survive SIGKILL.
     */
    private static List<String> protocolLines(Path output) throws IOException {
        List<String> result = new ArrayList<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            // JVM messages, and a line cut short by the kill, are not protocol lines.
            if (line.endsWith(StorageCrashWorkload.END)) {
                result.add(line.substring(0, line.length() - StorageCrashWorkload.END.length()));
            }
        }
        return result;
    }

    private static String tail(Path output) throws IOException {
        List<String> all = Files.exists(output) ? Files.readAllLines(output, StandardCharsets.UTF_8) : List.of();
        return "output: " + all.subList(Math.max(0, all.size() - 20), all.size());
    }
}
