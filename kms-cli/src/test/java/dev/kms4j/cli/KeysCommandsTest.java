package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandsTest {
    @TempDir
    Path keystore;

    CliRunner kms;

    @BeforeEach
    void setUp() {
        kms = new CliRunner(keystore);
    }

    private void ok(CliRunner.Result result) {
        assertThat(result.exitCode).as(result.toString()).isZero();
    }

    @Test
    void createPrintsTheNewKeyWithSpecUsageAndVersion() {
        CliRunner.Result r = kms.run("keys", "create", "payments", "--spec", "ec-p256");

        ok(r);
        assertThat(r.stdout()).contains("created local://payments (EC_P256, SIGN_VERIFY, version 1)");
    }

    @Test
    void createAcceptsSpecNamesInAnyCaseWithDashesOrUnderscores() {
        ok(kms.run("keys", "create", "a", "--spec", "EC_P256"));
        ok(kms.run("keys", "create", "b", "--spec", "Aes-256"));
        ok(kms.run("keys", "create", "c", "--spec", "hmac_sha256"));

        assertThat(kms.run("keys", "show", "b").stdout()).contains("AES_256");
    }

    @Test
    void createWithUnknownSpecIsAUsageError() {
        CliRunner.Result r = kms.run("keys", "create", "x", "--spec", "des-56");

        assertThat(r.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr).startsWith("kms: error: USAGE: ").contains("unknown key spec 'des-56'", "ec-p256");
    }

    @Test
    void createOfAnExistingKeyIsAlreadyExistsWithExitCode5() {
        ok(kms.run("keys", "create", "dup", "--spec", "aes-256"));

        CliRunner.Result r = kms.run("keys", "create", "dup", "--spec", "aes-256");

        assertThat(r.exitCode).isEqualTo(ExitCodes.KEY_STATE);
        assertThat(r.stderr).startsWith("kms: error: ALREADY_EXISTS: ");
    }

    @Test
    void createWithWhitespaceInTheIdIsInvalidArgument() {
        CliRunner.Result r = kms.run("keys", "create", "bad id", "--spec", "aes-256");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCodes.INVALID_ARGUMENT);
        assertThat(r.stderr).startsWith("kms: error: INVALID_ARGUMENT: ");
    }

    @Test
    void createWithAPathInTheIdIsInvalidArgument() {
        CliRunner.Result r = kms.run("keys", "create", "../escape", "--spec", "aes-256");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCodes.INVALID_ARGUMENT);
    }

    @Test
    void createWithAVersionIsInvalidArgument() {
        CliRunner.Result r = kms.run("keys", "create", "k#2", "--spec", "aes-256");

        assertThat(r.exitCode).isEqualTo(ExitCodes.INVALID_ARGUMENT);
        assertThat(r.stderr).contains("drop '#2'");
    }

    @Test
    void createWithAUsageTheSpecDoesNotAllowIsInvalidArgument() {
        CliRunner.Result r = kms.run("keys", "create", "k", "--spec", "ec-p256", "--usage", "encrypt-decrypt");

        assertThat(r.exitCode).isEqualTo(ExitCodes.INVALID_ARGUMENT);
    }

    @Test
    void createKeepsDescriptionAndTags() {
        ok(kms.run("keys", "create", "tagged", "--spec", "aes-256", "--description", "invoices KEK",
                "--tag", "team=billing", "--tag", "env=dev"));

        assertThat(kms.run("keys", "show", "tagged").stdout())
                .contains("invoices KEK").contains("team=billing").contains("env=dev");
    }

    @Test
    void aBareIdAndALocalUriNameTheSameKey() {
        ok(kms.run("keys", "create", "local://same", "--spec", "aes-256"));

        CliRunner.Result r = kms.run("keys", "show", "same");

        ok(r);
        assertThat(r.stdout()).contains("local://same");
    }

    @Test
    void listShowsEveryKeyWithSpecStateAndCurrentVersion() {
        ok(kms.run("keys", "create", "one", "--spec", "aes-256"));
        ok(kms.run("keys", "create", "two", "--spec", "ed25519"));

        CliRunner.Result r = kms.run("keys", "list");

        ok(r);
        assertThat(r.stdout()).contains("KEY", "SPEC", "STATE", "CURRENT");
        assertThat(r.stdout()).containsPattern("local://one\\s+AES_256\\s+ENCRYPT_DECRYPT\\s+ENABLED\\s+1");
        assertThat(r.stdout()).containsPattern("local://two\\s+ED25519\\s+SIGN_VERIFY\\s+ENABLED\\s+1");
    }

    @Test
    void listQuietPrintsOnlyTheKeyUris() {
        ok(kms.run("keys", "create", "one", "--spec", "aes-256"));
        ok(kms.run("keys", "create", "two", "--spec", "aes-256"));

        CliRunner.Result r = kms.run("keys", "list", "--quiet");

        ok(r);
        assertThat(r.stdout().lines()).containsExactlyInAnyOrder("local://one", "local://two");
    }

    @Test
    void listOfAnEmptyKeystoreSaysThereAreNoKeys() {
        CliRunner.Result r = kms.run("keys", "list");

        ok(r);
        assertThat(r.stdout()).startsWith("no keys");
    }

    @Test
    void showPrintsMetadataAndEveryVersion() {
        ok(kms.run("keys", "create", "k", "--spec", "aes-256"));
        ok(kms.run("keys", "rotate", "k"));

        CliRunner.Result r = kms.run("keys", "show", "k");

        ok(r);
        assertThat(r.stdout()).containsPattern("spec:\\s+AES_256")
                .containsPattern("state:\\s+ENABLED")
                .containsPattern("current version:\\s+2")
                .contains("versions:")
                .containsPattern("\\n\\s+1\\s+ENABLED\\s+\\S+")
                .containsPattern("\\n\\s+2\\s+ENABLED\\s+\\S+\\s+current");
    }

    @Test
    void showOfAnUnknownKeyIsNotFoundWithExitCode4() {
        CliRunner.Result r = kms.run("keys", "show", "nope");

        assertThat(r.exitCode).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.stderr).startsWith("kms: error: NOT_FOUND: ");
    }

    @Test
    void showOfAVersionMarksThatVersion() {
        ok(kms.run("keys", "create", "k", "--spec", "aes-256"));
        ok(kms.run("keys", "rotate", "k"));

        CliRunner.Result r = kms.run("keys", "show", "k#1");

        ok(r);
        assertThat(r.stdout()).containsPattern("\\n\\s+1\\s+ENABLED\\s+\\S+\\s+<- k#1");
    }

    @Test
    void showOfAMissingVersionIsNotFound() {
        ok(kms.run("keys", "create", "k", "--spec", "aes-256"));

        CliRunner.Result r = kms.run("keys", "show", "k#9");

        assertThat(r.exitCode).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.stderr).contains("has no version 9");
    }

    @Test
    void rotateMakesANewCurrentVersion() {
        ok(kms.run("keys", "create", "k", "--spec", "ec-p256"));

        CliRunner.Result r = kms.run("keys", "rotate", "k");

        ok(r);
        assertThat(r.stdout()).contains("current version is now 2 (local://k#2)");
    }

    @Test
    void aDisabledKeyRefusesUseWithExitCode5() {
        ok(kms.run("keys", "create", "k", "--spec", "aes-256"));

        ok(kms.run("keys", "disable", "k"));
        CliRunner.Result r = kms.runWithStdin(new byte[] {1, 2, 3}, "encrypt", "k");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCodes.KEY_STATE);
        assertThat(r.stderr).startsWith("kms: error: INVALID_KEY_STATE: ");
    }

    @Test
    void enableMakesADisabledKeyUsableAgain() {
        ok(kms.run("keys", "create", "k", "--spec", "aes-256"));
        ok(kms.run("keys", "disable", "k"));

        CliRunner.Result enabled = kms.run("keys", "enable", "k");

        ok(enabled);
        assertThat(enabled.stdout()).contains("enabled local://k");
        ok(kms.runWithStdin(new byte[] {1, 2, 3}, "encrypt", "k"));
    }

    @Test
    void disableOfOneVersionLeavesTheOthersEnabled() {
        ok(kms.run("keys", "create", "k", "--spec", "aes-256"));
        ok(kms.run("keys", "rotate", "k"));

        CliRunner.Result r = kms.run("keys", "disable", "k#1");

        ok(r);
        assertThat(r.stdout()).contains("disabled version 1 of local://k");
        assertThat(kms.run("keys", "show", "k").stdout())
                .containsPattern("\\n\\s+1\\s+DISABLED")
                .containsPattern("\\n\\s+2\\s+ENABLED");
    }

    @Test
    void deleteSchedulesDestructionAndTheKeyIsPendingDeletion() {
        ok(kms.run("keys", "create", "k", "--spec", "aes-256"));

        CliRunner.Result r = kms.run("keys", "delete", "k", "--pending-days", "7");

        ok(r);
        assertThat(r.stdout()).contains("scheduled local://k for destruction at ").contains("--cancel");
        assertThat(kms.run("keys", "show", "k").stdout()).containsPattern("state:\\s+PENDING_DELETION");
    }

    @Test
    void deleteCancelLeavesTheKeyDisabled() {
        ok(kms.run("keys", "create", "k", "--spec", "aes-256"));
        ok(kms.run("keys", "delete", "k", "--pending-days", "7"));

        CliRunner.Result r = kms.run("keys", "delete", "k", "--cancel");

        ok(r);
        assertThat(kms.run("keys", "show", "k").stdout()).containsPattern("state:\\s+DISABLED");
    }

    @Test
    void deleteNeedsPendingDaysOrCancel() {
        ok(kms.run("keys", "create", "k", "--spec", "aes-256"));

        assertThat(kms.run("keys", "delete", "k").exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(kms.run("keys", "delete", "k", "--pending-days", "7", "--cancel").exitCode)
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void deleteWithANegativeWindowIsInvalidArgument() {
        ok(kms.run("keys", "create", "k", "--spec", "aes-256"));

        assertThat(kms.run("keys", "delete", "k", "--pending-days", "-1").exitCode)
                .isEqualTo(ExitCodes.INVALID_ARGUMENT);
    }
}
