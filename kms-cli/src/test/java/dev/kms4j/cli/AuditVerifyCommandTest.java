package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KmsOperation;
import dev.kms4j.audit.AuditOutcome;
import dev.kms4j.audit.AuditRecord;
import dev.kms4j.audit.HashChainedFileAuditSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifyCommandTest {
    @TempDir
    Path keystore;

    @TempDir
    Path files;

    CliRunner kms;
    Path audit;

    @BeforeEach
    void writeChain() {
        kms = new CliRunner(keystore);
        audit = files.resolve("audit.log");
        try (HashChainedFileAuditSink sink = HashChainedFileAuditSink.open(audit)) {
            for (int i = 1; i <= 3; i++) {
                sink.record(AuditRecord.builder().time(Instant.EPOCH.plusSeconds(i)).requestId("r" + i)
                        .principal("svc").operation(KmsOperation.SIGN).provider("local").key("local://k")
                        .outcome(AuditOutcome.OK).latency(Duration.ofMillis(1)).build());
            }
        }
    }

    @Test
    void anIntactChainPrintsOkWithTheRecordCountAndExitsZero() {
        CliRunner.Result r = kms.run("audit", "verify", audit.toString());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("OK: 3 records, last hash ");
    }

    @Test
    void aBrokenChainPrintsTheFirstBadLineAndExitsOne() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(audit, StandardCharsets.UTF_8));
        lines.remove(2);
        Files.write(audit, lines, StandardCharsets.UTF_8);

        CliRunner.Result r = kms.run("audit", "verify", audit.toString());

        assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(r.stdout()).startsWith("BROKEN: line 3: ");
    }

    @Test
    void anEditedRecordIsReportedAsEdited() throws Exception {
        String text = Files.readString(audit, StandardCharsets.UTF_8).replace("\"r2\"", "\"r9\"");
        Files.writeString(audit, text, StandardCharsets.UTF_8);

        CliRunner.Result r = kms.run("audit", "verify", audit.toString());

        assertThat(r.exitCode).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(r.stdout()).contains("line 3").contains("edited");
    }

    @Test
    void aMissingFileIsNotFound() {
        CliRunner.Result r = kms.run("audit", "verify", files.resolve("nope.log").toString());

        assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.stderr).contains("does not exist");
    }

    @Test
    void auditWithoutASubcommandIsAUsageError() {
        assertThat(kms.run("audit").exitCode).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void verifyingDoesNotCreateAKeystore() throws Exception {
        kms.run("audit", "verify", audit.toString());

        try (var entries = Files.list(keystore)) {
            assertThat(entries).isEmpty();
        }
    }
}
