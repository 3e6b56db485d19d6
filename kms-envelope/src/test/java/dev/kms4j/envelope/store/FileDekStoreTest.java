package dev.kms4j.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on {@link FileDekStore}, plus what only a file store does. */
class FileDekStoreTest extends DekStoreContract {
    @TempDir
    Path tmp;

    private Path dir() {
        return tmp.resolve("deks");
    }

    @Override
    protected DekStore openStore() {
        return FileDekStore.open(dir());
    }

    @Test
    void entriesSurviveReopening() {
        DekEntry e = store.putIfAbsent(TestKms.entry("tenant-1", 1));
        store.close();
        try (FileDekStore reopened = FileDekStore.open(dir())) {
            assertThat(reopened.get("tenant-1")).contains(e);
            assertThat(reopened.ids()).containsExactly("tenant-1");
        }
    }

    @Test
    void filesAreOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        store.putIfAbsent(TestKms.entry("tenant-1", 1));
        assertThat(perms(dir())).isEqualTo("rwx------");
        assertThat(perms(dir().resolve("deks.1"))).isEqualTo("rwx------");
        assertThat(perms(dir().resolve("deks.1/tenant-1.dek"))).isEqualTo("rw-------");
        assertThat(perms(dir().resolve("dekstore.properties"))).isEqualTo("rw-------");
        assertThat(perms(dir().resolve(".lock"))).isEqualTo("rw-------");
    }

    @Test
    void secondOpenWhileLockedIsUnavailable() {
        assertThatThrownBy(() -> FileDekStore.open(dir())).isInstanceOf(KmsException.class)
                .satisfies(e -> {
                    assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
                    assertThat(((KmsException) e).isRetryable()).isFalse();
                });
    }

    @Test
    void closingReleasesTheLock() {
        store.close();
        FileDekStore.open(dir()).close();
    }

    @Test
    void damagedEntryIsIntegrityForThatEntityOnly() throws IOException {
        store.putIfAbsent(TestKms.entry("good", 1));
        store.putIfAbsent(TestKms.entry("bad", 1));
        Path file = dir().resolve("deks.1/bad.dek");
        byte[] content = Files.readAllBytes(file);
        content[content.length / 2] ^= 1;
        Files.write(file, content);
        assertThatThrownBy(() -> store.get("bad")).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INTEGRITY);
        assertThat(store.get("good")).contains(TestKms.entry("good", 1));
    }

    @Test
    void entryFileCopiedToAnotherEntityIsIntegrity() throws IOException {
        store.putIfAbsent(TestKms.entry("alice", 1));
        Files.copy(dir().resolve("deks.1/alice.dek"), dir().resolve("deks.1/mallory.dek"));
        assertThatThrownBy(() -> store.get("mallory")).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INTEGRITY);
    }

    @Test
    void leftoverTemporaryFilesAreRemovedAtOpen() throws IOException {
        store.putIfAbsent(TestKms.entry("a", 1));
        store.close();
        Files.write(dir().resolve("deks.1/.a.dek.0011223344556677.tmp"), new byte[] {1, 2});
        Files.write(dir().resolve(".dekstore.properties.0011223344556677.tmp"), new byte[] {1, 2});
        try (FileDekStore reopened = FileDekStore.open(dir())) {
            assertThat(reopened.get("a")).contains(TestKms.entry("a", 1));
        }
        assertThat(names(dir().resolve("deks.1"))).containsExactly("a.dek");
        assertThat(names(dir())).containsExactlyInAnyOrder(".lock", "dekstore.properties", "deks.1");
    }

    @Test
    void directoryWithForeignFilesIsRefused() throws IOException {
        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.write(foreign.resolve("notes.txt"), new byte[] {1});
        assertThatThrownBy(() -> FileDekStore.open(foreign)).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(names(foreign)).contains("notes.txt").doesNotContain("dekstore.properties");
    }

    @Test
    void lostManifestWithEntriesIsIntegrity() throws IOException {
        store.putIfAbsent(TestKms.entry("a", 1));
        store.close();
        Files.delete(dir().resolve("dekstore.properties"));
        assertThatThrownBy(() -> FileDekStore.open(dir())).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INTEGRITY);
        assertThat(Files.exists(dir().resolve("deks.1/a.dek"))).isTrue();
    }

    @Test
    void invalidEntityIdWritesNoFile() throws IOException {
        assertThatThrownBy(() -> store.putIfAbsent(TestKms.entry("../escape", 1)))
                .isInstanceOf(KmsException.class);
        assertThat(names(dir().resolve("deks.1"))).isEmpty();
        assertThat(Files.exists(tmp.resolve("escape.dek"))).isFalse();
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    static java.util.List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
