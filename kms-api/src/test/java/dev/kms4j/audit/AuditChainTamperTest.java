package dev.kms4j.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each test damages a 5-record chain one way and checks the verifier names the first bad line. */
class AuditChainTamperTest {
    @TempDir
    Path dir;

    private Path file;
    private List<String> lines;

    @BeforeEach
    void writeChain() throws Exception {
        file = HashChainedFileAuditSinkTest.chain(dir.resolve("audit.log"), 5);
        lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private AuditChainVerifier.Result rewriteAndVerify() throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return AuditChainVerifier.verify(file);
    }

    @Test
    void anEditedFieldIsReportedAtItsLine() throws Exception {
        lines.set(3, lines.get(3).replace("\"principal\":\"svc\"", "\"principal\":\"admin\""));

        AuditChainVerifier.Result r = rewriteAndVerify();

        assertThat(r.ok()).isFalse();
        assertThat(r.failedLine()).isEqualTo(4);
        assertThat(r.reason()).hasValueSatisfying(s -> assertThat(s).contains("edited"));
        assertThat(r.records()).isEqualTo(2);
    }

    @Test
    void anEditedRecordWithARecomputedHashIsReportedAtTheNextLine() throws Exception {
        // Rehashing one line is possible without a key; the next line's prev no longer matches.
        String edited = lines.get(2).replace("\"principal\":\"svc\"", "\"principal\":\"admin\"");
        String body = edited.substring(0, edited.lastIndexOf(",\"hash\":\"")) + "}";
        lines.set(2, body.substring(0, body.length() - 1) + ",\"hash\":\""
                + dev.kms4j.internal.audit.AuditChain.sha256(body) + "\"}");

        AuditChainVerifier.Result r = rewriteAndVerify();

        assertThat(r.failedLine()).isEqualTo(4);
        assertThat(r.reason()).hasValueSatisfying(s -> assertThat(s).contains("does not chain"));
    }

    @Test
    void aDeletedLineIsReportedWhereTheGapIs() throws Exception {
        lines.remove(2);

        AuditChainVerifier.Result r = rewriteAndVerify();

        assertThat(r.failedLine()).isEqualTo(3);
        assertThat(r.reason()).hasValueSatisfying(s -> assertThat(s).contains("expected record 2 but found record 3")
                .contains("removed"));
    }

    @Test
    void twoSwappedLinesAreReportedAtTheFirst() throws Exception {
        Collections.swap(lines, 2, 3);

        AuditChainVerifier.Result r = rewriteAndVerify();

        assertThat(r.failedLine()).isEqualTo(3);
        assertThat(r.reason()).hasValueSatisfying(s -> assertThat(s).contains("reordered"));
    }

    @Test
    void aTruncatedLastLineIsReportedAsIncomplete() throws Exception {
        String last = lines.get(lines.size() - 1);
        Files.writeString(file, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n"
                + last.substring(0, last.length() / 2), StandardCharsets.UTF_8);

        AuditChainVerifier.Result r = AuditChainVerifier.verify(file);

        assertThat(r.failedLine()).isEqualTo(6);
        assertThat(r.reason()).hasValueSatisfying(s -> assertThat(s).contains("incomplete"));
        assertThat(r.records()).isEqualTo(4);
    }

    @Test
    void anAppendedForgedLineIsReported() throws Exception {
        lines.add("{\"seq\":6,\"prev\":\"" + "0".repeat(64) + "\",\"record\":{\"operation\":\"sign\"},\"hash\":\""
                + "1".repeat(64) + "\"}");

        AuditChainVerifier.Result r = rewriteAndVerify();

        assertThat(r.failedLine()).isEqualTo(7);
        assertThat(r.records()).isEqualTo(5);
    }

    @Test
    void aReplayedCopyOfAnEarlierLineIsReported() throws Exception {
        lines.add(lines.get(2));

        AuditChainVerifier.Result r = rewriteAndVerify();

        assertThat(r.failedLine()).isEqualTo(7);
        assertThat(r.reason()).hasValueSatisfying(s -> assertThat(s).contains("duplicated"));
    }

    @Test
    void anInsertedBlankLineIsReported() throws Exception {
        lines.add(2, "");

        assertThat(rewriteAndVerify().failedLine()).isEqualTo(3);
    }

    @Test
    void anEditedHeaderIsReportedAtLineOne() throws Exception {
        lines.set(0, lines.get(0).replace("\"created\":\"", "\"created\":\"1"));

        AuditChainVerifier.Result r = rewriteAndVerify();

        assertThat(r.failedLine()).isEqualTo(1);
    }

    @Test
    void aDeletedFirstRecordIsReported() throws Exception {
        lines.remove(1);

        assertThat(rewriteAndVerify().failedLine()).isEqualTo(2);
    }

    @Test
    void anEmptyFileIsNotAChain() throws Exception {
        Files.writeString(file, "");

        AuditChainVerifier.Result r = AuditChainVerifier.verify(file);

        assertThat(r.ok()).isFalse();
        assertThat(r.failedLine()).isEqualTo(1);
    }

    @Test
    void anUntouchedFileStillVerifiesAfterRewriting() throws Exception {
        assertThat(rewriteAndVerify().ok()).isTrue();
    }
}
