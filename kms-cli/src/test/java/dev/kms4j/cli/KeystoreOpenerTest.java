package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KmsManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreOpenerTest {
    @TempDir
    Path dir;

    @Test
    void firstUseCreatesADevelopmentMasterKeyAndSaysSoOnStderr() {
        Path keystore = dir.resolve("ks");

        CliRunner.Result r = CliRunner.withoutMasterKey(keystore).run("keys", "list");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(keystore.resolve("master.key")).exists();
        assertThat(r.stderr.lines()).containsExactly("kms: note: created a development master key in "
                + keystore.resolve("master.key") + "; set KMS4J_LOCAL_MASTER_KEY for real use");
    }

    @Test
    void theDevelopmentMasterKeyIsReusedSilently() {
        Path keystore = dir.resolve("ks");
        CliRunner kms = CliRunner.withoutMasterKey(keystore);
        kms.run("keys", "create", "k", "--spec", "aes-256");

        CliRunner.Result r = kms.run("keys", "list");

        assertThat(r.exitCode).isZero();
        assertThat(r.stderr).isEmpty();
        assertThat(r.stdout()).contains("local://k");
    }

    @Test
    void aMasterKeyFromTheEnvironmentIsUsedAndNoKeyFileIsCreated() {
        Path keystore = dir.resolve("ks");
        CliRunner kms = new CliRunner(keystore, Map.of("KMS4J_LOCAL_MASTER_KEY", CliRunner.randomMasterKey()));

        CliRunner.Result r = kms.run("keys", "create", "k", "--spec", "aes-256");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stderr).isEmpty();
        assertThat(keystore.resolve("master.key")).doesNotExist();
    }

    @Test
    void theWrongMasterKeyIsAnAuthenticationErrorThatPrintsNoKey() {
        Path keystore = dir.resolve("ks");
        String right = CliRunner.randomMasterKey();
        String wrong = CliRunner.randomMasterKey();
        new CliRunner(keystore, Map.of("KMS4J_LOCAL_MASTER_KEY", right)).run("keys", "create", "k", "--spec", "aes-256");

        CliRunner.Result r = new CliRunner(keystore, Map.of("KMS4J_LOCAL_MASTER_KEY", wrong)).run("keys", "show", "k");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.allOutput()).doesNotContain(right).doesNotContain(wrong);
    }

    @Test
    void theGeneratedMasterKeyIsNeverPrinted() throws Exception {
        Path keystore = dir.resolve("ks");
        CliRunner kms = CliRunner.withoutMasterKey(keystore);
        CliRunner.Result first = kms.run("--verbose", "keys", "create", "k", "--spec", "aes-256");
        String masterKey = Files.readString(keystore.resolve("master.key")).trim();

        CliRunner.Result show = kms.run("--verbose", "keys", "show", "k");

        assertThat(first.allOutput() + show.allOutput()).doesNotContain(masterKey);
    }

    @Test
    void aKeystoreOpenElsewhereIsUnavailableWithExitCode9() {
        Path keystore = dir.resolve("ks");
        Map<String, String> env = Map.of("KMS4J_LOCAL_MASTER_KEY", CliRunner.randomMasterKey(),
                "KMS4J_LOCAL_LOCK_WAIT", "0s");
        CliIo io = CliIo.of(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), env);

        try (KmsManager holder = KeystoreOpener.open(keystore, io)) {
            assertThat(holder.schemes()).containsExactly("local");
            CliRunner.Result r = new CliRunner(keystore, env).run("keys", "list");

            assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(r.stderr).startsWith("kms: error: UNAVAILABLE: ");
        }
    }
}
