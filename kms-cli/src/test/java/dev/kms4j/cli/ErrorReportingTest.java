package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorReportingTest {
    @TempDir
    Path keystore;

    CliRunner kms;

    @BeforeEach
    void setUp() {
        kms = new CliRunner(keystore);
    }

    @Test
    void aKmsErrorIsOneLineWithItsCodeAndNoStackTrace() {
        CliRunner.Result r = kms.run("keys", "show", "missing-key");

        assertThat(r.stderr.lines()).hasSize(1);
        assertThat(r.stderr).startsWith("kms: error: NOT_FOUND: ").contains("missing-key").doesNotContain("\tat ");
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRunner.Result r = kms.run("--verbose", "keys", "show", "missing-key");

        assertThat(r.exitCode).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.stderr).startsWith("kms: error: NOT_FOUND: ").contains("\tat dev.kms4j.");
    }

    @Test
    void verboseWorksAfterTheCommandNameToo() {
        CliRunner.Result r = kms.run("keys", "show", "missing-key", "--verbose");

        assertThat(r.stderr).contains("\tat dev.kms4j.");
    }

    @Test
    void aUsageErrorIsOneLinePointingToHelpWithExitCode2() {
        CliRunner.Result r = kms.run("keys", "create", "k");

        assertThat(r.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr.lines()).hasSize(1);
        assertThat(r.stderr).startsWith("kms: error: USAGE: ").contains("--spec").contains("'kms keys create --help'");
    }

    @Test
    void anUnknownCommandSuggestsTheClosestOne() {
        CliRunner.Result r = kms.run("keyz");

        assertThat(r.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr.lines()).hasSize(1);
        assertThat(r.stderr).contains("did you mean keys");
    }

    @Test
    void noCommandPrintsTheUsageAsAUsageError() {
        CliRunner.Result r = kms.runRaw(new byte[0]);

        assertThat(r.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr).contains("Usage: kms");
    }

    @Test
    void keysWithoutASubcommandIsAUsageError() {
        CliRunner.Result r = kms.run("keys");

        assertThat(r.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr).contains("missing subcommand");
    }

    @Test
    void anEmptyKeyArgumentIsInvalidArgument() {
        CliRunner.Result r = kms.run("keys", "show", "");

        assertThat(r.exitCode).isEqualTo(ExitCodes.INVALID_ARGUMENT);
    }

    @Test
    void aKeyOfAnotherSchemeIsInvalidArgumentNamingTheScheme() {
        CliRunner.Result r = kms.run("keys", "show", "aws-kms://alias/payments");

        assertThat(r.exitCode).isEqualTo(ExitCodes.INVALID_ARGUMENT);
        assertThat(r.stderr).contains("aws-kms");
    }
}
