package dev.kms4j.local;

import static dev.kms4j.local.StorageTestSupport.KEY_A;
import static dev.kms4j.local.StorageTestSupport.KEY_B;
import static dev.kms4j.local.StorageTestSupport.isolated;
import static dev.kms4j.local.StorageTestSupport.recordFor;
import static dev.kms4j.local.StorageTestSupport.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.local.internal.KeyRecordStore;
import dev.kms4j.local.internal.KeyRecordStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeystoreRotationTest {
    private static final List<String> IDS = List.of("alpha", "beta", "gamma");

    @TempDir
    Path tmp;
    private Path dir;
    private MasterKey keyA;
    private MasterKey keyB;

    @BeforeEach
    void createKeystoreUnderKeyA() {
        dir = tmp.resolve("keystore");
        keyA = MasterKey.fromBase64(KEY_A);
        keyB = MasterKey.fromBase64(KEY_B);
        try (KeyRecordStore store = KeyRecordStores.open(withKey(dir, KEY_A))) {
            IDS.forEach(id -> store.create(id, recordFor(id)));
        }
    }

    private static KmsErrorCode codeOf(Runnable r) {
        try {
            r.run();
        } catch (KmsException e) {
            return e.code();
        }
        throw new AssertionError("no KmsException");
    }

    private void assertAllRecordsReadWith(String key) {
        try (KeyRecordStore store = KeyRecordStores.open(withKey(dir, key))) {
            assertThat(store.list()).containsExactlyElementsOf(IDS);
            IDS.forEach(id -> assertThat(store.read(id)).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor(id))));
        }
    }

    @Test
    void rotationMovesEveryKeyToTheNewMasterKey() {
        LocalKeystore.rotateMasterKey(dir, keyA, keyB);
        assertAllRecordsReadWith(KEY_B);
        assertThat(LocalKeystore.masterKeyCheckValue(dir)).isEqualTo(keyB.checkValue());
    }

    @Test
    void oldMasterKeyIsRefusedAfterRotation() {
        LocalKeystore.rotateMasterKey(dir, keyA, keyB);
        assertThat(codeOf(() -> KeyRecordStores.open(withKey(dir, KEY_A)))).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
    }

    @Test
    void rotationLeavesNoBackupOrStagingBehind() throws Exception {
        LocalKeystore.rotateMasterKey(dir, keyA, keyB);
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(".lock", "keystore.properties", "keys.2");
        }
    }

    @Test
    void rotatingBackAndForthKeepsEveryRecord() {
        LocalKeystore.rotateMasterKey(dir, keyA, keyB);
        LocalKeystore.rotateMasterKey(dir, keyB, keyA);
        assertAllRecordsReadWith(KEY_A);
    }

    @Test
    void rerunningACompletedRotationIsHarmless() {
        LocalKeystore.rotateMasterKey(dir, keyA, keyB);
        LocalKeystore.rotateMasterKey(dir, keyA, keyB);
        assertAllRecordsReadWith(KEY_B);
    }

    @Test
    void wrongCurrentKeyIsUnauthenticatedAndChangesNothing() {
        MasterKey stranger = MasterKey.generate();
        assertThat(codeOf(() -> LocalKeystore.rotateMasterKey(dir, stranger, keyB)))
                .isEqualTo(KmsErrorCode.UNAUTHENTICATED);
        assertAllRecordsReadWith(KEY_A);
    }

    @Test
    void rotatingToTheSameKeyIsInvalidArgument() {
        assertThat(codeOf(() -> LocalKeystore.rotateMasterKey(dir, keyA, MasterKey.fromBase64(KEY_A))))
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertAllRecordsReadWith(KEY_A);
    }

    @Test
    void rotationOfAnOpenKeystoreIsUnavailable() {
        try (KeyRecordStore store = KeyRecordStores.open(withKey(dir, KEY_A))) {
            assertThat(codeOf(() -> LocalKeystore.rotateMasterKey(dir, keyA, keyB))).isEqualTo(KmsErrorCode.UNAVAILABLE);
        }
        assertAllRecordsReadWith(KEY_A);
    }

    @Test
    void rotationOfAMissingKeystoreIsNotFound() {
        assertThat(codeOf(() -> LocalKeystore.rotateMasterKey(tmp.resolve("nothing"), keyA, keyB)))
                .isEqualTo(KmsErrorCode.NOT_FOUND);
    }

    @Test
    void damagedKeyFileAbortsRotationNamingItAndChangesNothing() throws Exception {
        Path victim = dir.resolve("keys.1/beta.key");
        byte[] file = Files.readAllBytes(victim);
        file[file.length - 1] ^= 1;
        Files.write(victim, file);
        assertThatThrownBy(() -> LocalKeystore.rotateMasterKey(dir, keyA, keyB))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.INTEGRITY);
                    assertThat(e.getMessage()).contains("'beta'");
                });
        assertThat(LocalKeystore.masterKeyCheckValue(dir)).isEqualTo(keyA.checkValue());
        assertThat(dir.resolve("keys.2")).doesNotExist();
        assertThat(Files.readAllBytes(victim)).isEqualTo(file);
    }

    @Test
    void passphraseChangeKeepsEveryRecord() {
        Path pdir = tmp.resolve("passphrase-keystore");
        Map<String, String> fastKdf = Map.of("kdf-memory-kib", "64", "kdf-iterations", "1");
        ProviderConfig oldConfig = isolated(pdir).set("passphrase", "old secret").setAll(fastKdf).build();
        try (KeyRecordStore store = KeyRecordStores.open(oldConfig)) {
            store.create("k", recordFor("k"));
        }
        LocalKeystore.changePassphrase(pdir, "old secret".toCharArray(), "new secret".toCharArray());
        assertThat(codeOf(() -> KeyRecordStores.open(oldConfig))).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
        try (KeyRecordStore store = KeyRecordStores.open(isolated(pdir).set("passphrase", "new secret").build())) {
            assertThat(store.read("k")).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor("k")));
        }
    }

    @Test
    void resolveMasterKeyGivesTheKeystoresKey() {
        try (MasterKey resolved = LocalKeystore.resolveMasterKey(withKey(dir, KEY_A))) {
            assertThat(resolved.checkValue()).isEqualTo(keyA.checkValue());
        }
        assertThat(codeOf(() -> LocalKeystore.resolveMasterKey(withKey(dir, KEY_B)))).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
    }
}
