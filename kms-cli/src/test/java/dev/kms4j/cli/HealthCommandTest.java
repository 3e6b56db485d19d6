package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.HealthReport;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.ProviderHealth;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCommandTest {
    @TempDir
    Path keystore;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CliIo io = CliIo.of(new ByteArrayInputStream(new byte[0]), out, err, Map.of());

    @Test
    void aHealthyKeystorePrintsItsProviderAsUpAndExitsZero() {
        CliRunner.Result r = new CliRunner(keystore).run("health");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("PROVIDER  STATUS  LATENCY").containsPattern("\\nlocal\\s+UP\\s+\\d+ ms");
    }

    @Test
    void aDownProviderExitsWithUnavailableAndSaysWhichOnStderr() {
        HealthReport report = new HealthReport(Instant.EPOCH, List.of(
                ProviderHealth.up("local"),
                ProviderHealth.builder("aws-kms", ProviderHealth.Status.DOWN).errorCode(KmsErrorCode.TIMEOUT)
                        .reason("no answer within 5000 ms").latency(Duration.ofSeconds(5)).build()));

        int exit = HealthCommand.print(report, io);
        io.flush();

        assertThat(exit).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("aws-kms\\s+DOWN\\s+5000 ms\\s+\\S+\\s+no answer within 5000 ms");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("kms: error: UNAVAILABLE: provider aws-kms is DOWN"
                + System.lineSeparator());
    }

    @Test
    void aDegradedProviderStillExitsZero() {
        HealthReport report = new HealthReport(Instant.EPOCH, List.of(
                ProviderHealth.builder("aws-kms", ProviderHealth.Status.DEGRADED).reason("THROTTLED: slow down").build()));

        assertThat(HealthCommand.print(report, io)).isZero();
    }

    @Test
    void aNonPositiveTimeoutIsAUsageError() {
        CliRunner.Result r = new CliRunner(keystore).run("health", "--timeout-ms", "0");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void healthHasHelpWithTheExitCodes() {
        CliRunner.Result r = new CliRunner(keystore).run("health", "--help");

        assertThat(r.exitCode).isZero();
        assertThat(r.stdout()).startsWith("Usage: kms health").contains("Exit codes:");
    }
}
