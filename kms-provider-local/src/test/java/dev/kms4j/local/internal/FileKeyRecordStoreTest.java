package dev.kms4j.local.internal;

import dev.kms4j.internal.files.AtomicFiles;
import static dev.kms4j.local.StorageTestSupport.KEY_A;
import static dev.kms4j.local.StorageTestSupport.recordFor;
import static dev.kms4j.local.StorageTestSupport.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileKeyRecordStoreTest {
    @TempDir
    Path tmp;

    private Path dir() {
        return tmp.resolve("keystore");
    }

    private FileKeyRecordStore open() {
        return FileKeyRecordStore.open(dir(), withKey(dir(), KEY_A));
    }

    @Test
    void createdRecordReadsBack() {
        try (FileKeyRecordStore store = open()) {
            store.create("payments", recordFor("payments"));
            assertThat(store.read("payments")).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor("payments")));
        }
    }

    @Test
    void recordsSurviveReopening() {
        try (FileKeyRecordStore store = open()) {
            store.create("payments", recordFor("payments"));
        }
        try (FileKeyRecordStore store = open()) {
            assertThat(store.read("payments")).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor("payments")));
        }
    }

    @Test
    void readReturnsAFreshCopyEachTime() {
        try (FileKeyRecordStore store = open()) {
            store.create("k", recordFor("k"));
            byte[] first = store.read("k").orElseThrow();
            first[0] ^= 1;
            assertThat(store.read("k")).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor("k")));
        }
    }

    @Test
    void missingRecordReadsAsEmpty() {
        try (FileKeyRecordStore store = open()) {
            assertThat(store.read("absent")).isEmpty();
        }
    }

    @Test
    void createOfExistingIdIsAlreadyExistsAndKeepsTheRecord() {
        try (FileKeyRecordStore store = open()) {
            store.create("k", recordFor("k"));
            assertThatThrownBy(() -> store.create("k", new byte[] {1}))
                    .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.ALREADY_EXISTS));
            assertThat(store.read("k")).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor("k")));
        }
    }

    @Test
    void replaceSwapsTheRecord() {
        try (FileKeyRecordStore store = open()) {
            store.create("k", recordFor("k"));
            store.replace("k", "v2".getBytes(StandardCharsets.UTF_8));
            assertThat(store.read("k")).hasValueSatisfying(r -> assertThat(r).asString().isEqualTo("v2"));
        }
    }

    @Test
    void replaceOfMissingIdIsNotFound() {
        try (FileKeyRecordStore store = open()) {
            assertThatThrownBy(() -> store.replace("absent", new byte[] {1}))
                    .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.NOT_FOUND));
            assertThat(store.list()).isEmpty();
        }
    }

    @Test
    void deleteRemovesTheRecordAndIsIdempotent() {
        try (FileKeyRecordStore store = open()) {
            store.create("k", recordFor("k"));
            store.delete("k");
            store.delete("k");
            assertThat(store.read("k")).isEmpty();
            assertThat(store.list()).isEmpty();
        }
    }

    @Test
    void listIsSorted() {
        try (FileKeyRecordStore store = open()) {
            for (String id : List.of("zeta", "Alpha", "beta", "0day", "a.b_c-d")) {
                store.create(id, recordFor(id));
            }
            assertThat(store.list()).containsExactly("0day", "Alpha", "a.b_c-d", "beta", "zeta");
        }
    }

    @Test
    void emptyRecordRoundTrips() {
        try (FileKeyRecordStore store = open()) {
            store.create("empty", new byte[0]);
            assertThat(store.read("empty")).hasValueSatisfying(r -> assertThat(r).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../evil", "a/b", "a\\b", ".hidden", "a..b", "-lead", "with space", "ü"})
    void invalidKeyIdsAreRejectedBeforeAnyPathIsBuilt(String id) {
        try (FileKeyRecordStore store = open()) {
            assertThatThrownBy(() -> store.create(id, new byte[] {1}))
                    .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
            assertThatThrownBy(() -> store.read(id))
                    .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void keyIdOf128CharactersIsAcceptedAnd129IsNot() {
        try (FileKeyRecordStore store = open()) {
            store.create("a".repeat(128), new byte[] {1});
            assertThatThrownBy(() -> store.create("a".repeat(129), new byte[] {1}))
                    .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void filesAreOwnerOnlyAndDirectoriesOwnerOnly() throws Exception {
        try (FileKeyRecordStore store = open()) {
            store.create("k", recordFor("k"));
        }
        try (Stream<Path> all = Files.walk(dir())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                assertThat(perms).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    @Test
    void noTemporaryFilesRemainAfterWrites() throws Exception {
        try (FileKeyRecordStore store = open()) {
            store.create("k", recordFor("k"));
            store.replace("k", recordFor("k2"));
            store.create("j", recordFor("j"));
            store.delete("j");
        }
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void leftoverTemporaryFilesAreRemovedOnOpen() throws Exception {
        try (FileKeyRecordStore store = open()) {
            store.create("k", recordFor("k"));
        }
        Files.write(dir().resolve("keys.1/.k.key.0123456789abcdef.tmp"), new byte[] {1, 2, 3});
        Files.write(dir().resolve(".keystore.properties.0123456789abcdef.tmp"), new byte[] {1});
        try (FileKeyRecordStore store = open()) {
            assertThat(tempFiles()).isEmpty();
            assertThat(store.list()).containsExactly("k");
        }
    }

    @Test
    void keyFileDoesNotContainTheRecordInClear() throws Exception {
        byte[] record = "a very recognisable secret record".getBytes(StandardCharsets.UTF_8);
        try (FileKeyRecordStore store = open()) {
            store.create("k", record);
        }
        String onDisk = new String(Files.readAllBytes(dir().resolve("keys.1/k.key")), StandardCharsets.ISO_8859_1);
        assertThat(onDisk).doesNotContain("recognisable");
    }

    @Test
    void rewritingTheSameRecordUsesAFreshNonce() throws Exception {
        try (FileKeyRecordStore store = open()) {
            store.create("k", recordFor("k"));
            byte[] first = Files.readAllBytes(dir().resolve("keys.1/k.key"));
            store.replace("k", recordFor("k"));
            byte[] second = Files.readAllBytes(dir().resolve("keys.1/k.key"));
            assertThat(second).isNotEqualTo(first);
        }
    }

    @Test
    void concurrentWritesOnDistinctIdsAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (FileKeyRecordStore store = open()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        String id = "t" + thread + "-" + i;
                        store.create(id, recordFor(id));
                        store.replace(id, recordFor(id + "x"));
                        assertThat(store.read(id)).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor(id + "x")));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            assertThat(store.list()).hasSize(40);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closedStoreRefusesOperations() {
        FileKeyRecordStore store = open();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.read("k")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.create("k", new byte[] {1})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyRecordStoresOpensTheOnDiskStoreForADirectoryPath() {
        try (KeyRecordStore store = KeyRecordStores.open(withKey(dir(), KEY_A))) {
            assertThat(store).isInstanceOf(FileKeyRecordStore.class);
        }
    }

    @Test
    void directoryWithForeignFilesIsNotTurnedIntoAKeystore() throws Exception {
        Files.createDirectories(dir());
        Files.writeString(dir().resolve("notes.txt"), "mine");
        assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
        assertThat(dir().resolve("keystore.properties")).doesNotExist();
    }

    @Test
    void keystoreCanBeCreatedInAnExistingEmptyDirectory() throws Exception {
        Files.createDirectories(dir());
        try (FileKeyRecordStore store = open()) {
            store.create("k", recordFor("k"));
            assertThat(store.list()).containsExactly("k");
        }
    }

    private List<Path> tempFiles() throws Exception {
        try (Stream<Path> all = Files.walk(dir())) {
            return all.filter(p -> AtomicFiles.isTempFile(p.getFileName().toString())).toList();
        }
    }
}
