package dev.kms4j.local.internal;

import static dev.kms4j.local.StorageTestSupport.KEY_A;
import static dev.kms4j.local.StorageTestSupport.KEY_B;
import static dev.kms4j.local.StorageTestSupport.recordFor;
import static dev.kms4j.local.StorageTestSupport.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyRecordStoreIntegrityTest {
    @TempDir
    Path tmp;
    private Path dir;

    @BeforeEach
    void createTwoKeys() {
        dir = tmp.resolve("keystore");
        try (FileKeyRecordStore store = open(KEY_A)) {
            store.create("victim", recordFor("victim"));
            store.create("bystander", recordFor("bystander"));
        }
    }

    private FileKeyRecordStore open(String key) {
        return FileKeyRecordStore.open(dir, withKey(dir, key));
    }

    private Path keyFile(String id) {
        return dir.resolve("keys.1").resolve(id + ".key");
    }

    @Test
    void flippedCiphertextByteIsIntegrityNamingTheKey() throws Exception {
        byte[] file = Files.readAllBytes(keyFile("victim"));
        file[file.length - 20] ^= 0x01;
        Files.write(keyFile("victim"), file);
        assertIntegrityFailureNamesVictimAndBystanderStillReads();
    }

    @Test
    void flippedHeaderByteIsIntegrityNamingTheKey() throws Exception {
        byte[] file = Files.readAllBytes(keyFile("victim"));
        file[10] ^= 0x01;
        Files.write(keyFile("victim"), file);
        assertIntegrityFailureNamesVictimAndBystanderStillReads();
    }

    @Test
    void truncatedFileIsIntegrityNamingTheKey() throws Exception {
        byte[] file = Files.readAllBytes(keyFile("victim"));
        Files.write(keyFile("victim"), Arrays.copyOf(file, file.length - 1));
        assertIntegrityFailureNamesVictimAndBystanderStillReads();
    }

    @Test
    void fileTruncatedToNothingIsIntegrityNamingTheKey() throws Exception {
        Files.write(keyFile("victim"), new byte[0]);
        assertIntegrityFailureNamesVictimAndBystanderStillReads();
    }

    @Test
    void fileCopiedOverAnotherKeyIdIsIntegrityNamingThatId() throws Exception {
        Files.copy(keyFile("bystander"), keyFile("victim"), StandardCopyOption.REPLACE_EXISTING);
        assertIntegrityFailureNamesVictimAndBystanderStillReads();
    }

    @Test
    void fileRenamedToANewKeyIdIsIntegrityNamingThatId() throws Exception {
        Files.move(keyFile("bystander"), keyFile("renamed"));
        try (FileKeyRecordStore store = open(KEY_A)) {
            assertThatThrownBy(() -> store.read("renamed"))
                    .isInstanceOfSatisfying(KmsException.class, e -> {
                        assertThat(e.code()).isEqualTo(KmsErrorCode.INTEGRITY);
                        assertThat(e.getMessage()).contains("'renamed'");
                    });
            assertThat(store.read("victim")).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor("victim")));
        }
    }

    @Test
    void wrongMasterKeyIsUnauthenticatedBeforeReadingAnyKeyFile() throws Exception {
        // Make every key file unreadable garbage: a wrong key must be refused on the metadata alone.
        Files.write(keyFile("victim"), new byte[] {0});
        assertThatThrownBy(() -> open(KEY_B))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
                    assertThat(e.getMessage()).isEqualTo("master key does not match the keystore at " + dir);
                });
    }

    @Test
    void wrongMasterKeyDoesNotHoldTheLock() {
        assertThatThrownBy(() -> open(KEY_B)).isInstanceOf(KmsException.class);
        try (FileKeyRecordStore store = open(KEY_A)) {
            assertThat(store.list()).containsExactly("bystander", "victim");
        }
    }

    @Test
    void keyFileWrittenUnderAnotherMasterKeyIsIntegrity() throws Exception {
        Path other = tmp.resolve("other");
        try (FileKeyRecordStore store = FileKeyRecordStore.open(other, withKey(other, KEY_B))) {
            store.create("victim", recordFor("victim"));
        }
        Files.copy(other.resolve("keys.1/victim.key"), keyFile("victim"), StandardCopyOption.REPLACE_EXISTING);
        assertIntegrityFailureNamesVictimAndBystanderStillReads();
    }

    @Test
    void damagedMetadataIsIntegrity() throws Exception {
        Files.writeString(dir.resolve("keystore.properties"), "format=kms4j-local-keystore\nformat-version=1\n");
        assertThatThrownBy(() -> open(KEY_A))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INTEGRITY));
    }

    @Test
    void missingMetadataWithKeyFilesIsIntegrityNotANewKeystore() throws Exception {
        Files.delete(dir.resolve("keystore.properties"));
        assertThatThrownBy(() -> open(KEY_A))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INTEGRITY));
        assertThat(keyFile("victim")).exists();
    }

    @Test
    void errorMessagesNeverContainRecordContent() throws Exception {
        byte[] file = Files.readAllBytes(keyFile("victim"));
        file[file.length - 1] ^= 0x01;
        Files.write(keyFile("victim"), file);
        try (FileKeyRecordStore store = open(KEY_A)) {
            assertThatThrownBy(() -> store.read("victim"))
                    .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.toString()).doesNotContain("record of"));
        }
    }

    private void assertIntegrityFailureNamesVictimAndBystanderStillReads() {
        try (FileKeyRecordStore store = open(KEY_A)) {
            assertThatThrownBy(() -> store.read("victim"))
                    .isInstanceOfSatisfying(KmsException.class, e -> {
                        assertThat(e.code()).isEqualTo(KmsErrorCode.INTEGRITY);
                        assertThat(e.getMessage()).contains("'victim'");
                    });
            assertThat(store.read("bystander")).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor("bystander")));
        }
    }
}
