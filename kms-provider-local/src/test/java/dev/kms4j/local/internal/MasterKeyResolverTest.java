package dev.kms4j.local.internal;

import static dev.kms4j.local.StorageTestSupport.KEY_A;
import static dev.kms4j.local.StorageTestSupport.KEY_B;
import static dev.kms4j.local.StorageTestSupport.isolated;
import static dev.kms4j.local.StorageTestSupport.recordFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.local.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyResolverTest {
    /** Small Argon2id cost so the tests stay fast; production defaults are 64 MiB and 3 passes. */
    private static final Map<String, String> FAST_KDF = Map.of("kdf-memory-kib", "64", "kdf-iterations", "1");

    @TempDir
    Path tmp;

    private Path dir() {
        return tmp.resolve("keystore");
    }

    private FileKeyRecordStore open(ProviderConfig config) {
        return FileKeyRecordStore.open(dir(), config);
    }

    private static KmsErrorCode codeOf(Runnable r) {
        try {
            r.run();
        } catch (KmsException e) {
            return e.code();
        }
        throw new AssertionError("no KmsException");
    }

    @Test
    void masterKeyFromEnvironmentVariable() {
        ProviderConfig config = isolated(dir()).environment(Map.of("KMS4J_LOCAL_MASTER_KEY", KEY_A)).build();
        try (FileKeyRecordStore store = open(config)) {
            store.create("k", recordFor("k"));
        }
        try (FileKeyRecordStore store = open(isolated(dir()).set("master-key", KEY_A).build())) {
            assertThat(store.read("k")).isPresent();
        }
    }

    @Test
    void explicitSettingWinsOverEnvironment() {
        ProviderConfig config = isolated(dir()).set("master-key", KEY_A)
                .environment(Map.of("KMS4J_LOCAL_MASTER_KEY", KEY_B)).build();
        open(config).close();
        assertThat(KeystoreMetadata.read(new KeystoreLayout(dir())).orElseThrow().checkValueHex())
                .isEqualTo(MasterKey.fromBase64(KEY_A).checkValue());
    }

    @Test
    void masterKeyWinsOverPassphrase() {
        ProviderConfig config = isolated(dir()).set("master-key", KEY_A).set("passphrase", "ignored").setAll(FAST_KDF).build();
        open(config).close();
        KeystoreMetadata metadata = KeystoreMetadata.read(new KeystoreLayout(dir())).orElseThrow();
        assertThat(metadata.kdf()).isEmpty();
        assertThat(metadata.checkValueHex()).isEqualTo(MasterKey.fromBase64(KEY_A).checkValue());
    }

    @Test
    void malformedMasterKeyIsInvalidArgumentWithoutEchoingIt() {
        ProviderConfig config = isolated(dir()).set("master-key", "c2VjcmV0LWJ1dC1zaG9ydA==").build();
        assertThatThrownBy(() -> open(config))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                    assertThat(e.toString()).doesNotContain("c2VjcmV0");
                });
    }

    @Test
    void noSourceIsInvalidArgumentListingEveryOption() {
        assertThatThrownBy(() -> open(isolated(dir()).build()))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("master-key", "KMS4J_LOCAL_MASTER_KEY", "master-key-file",
                            "KMS4J_LOCAL_MASTER_KEY_FILE", "passphrase", "KMS4J_LOCAL_PASSPHRASE", "generate-master-key");
                });
    }

    @Test
    void masterKeyFileWithOwnerOnlyModeIsUsed() throws Exception {
        Path keyFile = tmp.resolve("mk");
        try (MasterKey key = MasterKey.fromBase64(KEY_A)) {
            key.writeTo(keyFile);
        }
        ProviderConfig config = isolated(dir()).environment(Map.of("KMS4J_LOCAL_MASTER_KEY_FILE", keyFile.toString())).build();
        try (FileKeyRecordStore store = open(config)) {
            store.create("k", recordFor("k"));
        }
        try (FileKeyRecordStore store = open(isolated(dir()).set("master-key", KEY_A).build())) {
            assertThat(store.read("k")).isPresent();
        }
    }

    @Test
    void masterKeyFileReadableByOthersIsRefused() throws Exception {
        Path keyFile = tmp.resolve("mk");
        Files.writeString(keyFile, KEY_A + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        ProviderConfig config = isolated(dir()).set("master-key-file", keyFile.toString()).build();
        assertThatThrownBy(() -> open(config))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("chmod 600");
                });
        assertThat(dir().resolve("keystore.properties")).doesNotExist();
    }

    @Test
    void passphraseRoundTripsWithTheStoredSalt() {
        ProviderConfig config = isolated(dir()).set("passphrase", "correct horse battery staple").setAll(FAST_KDF).build();
        try (FileKeyRecordStore store = open(config)) {
            store.create("k", recordFor("k"));
        }
        // Reopening ignores the kdf settings: the stored parameters decide.
        ProviderConfig again = isolated(dir())
                .environment(Map.of("KMS4J_LOCAL_PASSPHRASE", "correct horse battery staple")).build();
        try (FileKeyRecordStore store = open(again)) {
            assertThat(store.read("k")).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor("k")));
        }
    }

    @Test
    void passphraseKeystoreRecordsArgon2ParametersAndSalt() {
        open(isolated(dir()).set("passphrase", "pw").setAll(FAST_KDF).build()).close();
        KdfParameters kdf = KeystoreMetadata.read(new KeystoreLayout(dir())).orElseThrow().kdf().orElseThrow();
        assertThat(kdf.memoryKib()).isEqualTo(64);
        assertThat(kdf.iterations()).isEqualTo(1);
        assertThat(kdf.parallelism()).isEqualTo(1);
        assertThat(kdf.salt()).hasSize(16);
    }

    @Test
    void wrongPassphraseIsUnauthenticated() {
        open(isolated(dir()).set("passphrase", "right").setAll(FAST_KDF).build()).close();
        assertThat(codeOf(() -> open(isolated(dir()).set("passphrase", "wrong").build())))
                .isEqualTo(KmsErrorCode.UNAUTHENTICATED);
    }

    @Test
    void passphraseForAKeystoreWithoutOneIsUnauthenticated() {
        open(isolated(dir()).set("master-key", KEY_A).build()).close();
        assertThat(codeOf(() -> open(isolated(dir()).set("passphrase", "pw").build())))
                .isEqualTo(KmsErrorCode.UNAUTHENTICATED);
    }

    @Test
    void outOfBoundsKdfSettingIsInvalidArgument() {
        assertThat(codeOf(() -> open(isolated(dir()).set("passphrase", "pw").set("kdf-iterations", "0").build())))
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void generateMasterKeyCreatesAnOwnerOnlyFileAndReusesIt() throws Exception {
        ProviderConfig config = isolated(dir()).set("generate-master-key", "true").build();
        try (FileKeyRecordStore store = open(config)) {
            store.create("k", recordFor("k"));
        }
        Path keyFile = dir().resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        byte[] firstContent = Files.readAllBytes(keyFile);
        try (FileKeyRecordStore store = open(config)) {
            assertThat(store.read("k")).hasValueSatisfying(r -> assertThat(r).isEqualTo(recordFor("k")));
        }
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(firstContent);
    }

    @Test
    void generatedMasterKeyMissingFromAnExistingKeystoreIsUnauthenticated() throws Exception {
        ProviderConfig config = isolated(dir()).set("generate-master-key", "true").build();
        open(config).close();
        Files.delete(dir().resolve("master.key"));
        assertThat(codeOf(() -> open(config))).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
        assertThat(dir().resolve("master.key")).doesNotExist();
    }
}
