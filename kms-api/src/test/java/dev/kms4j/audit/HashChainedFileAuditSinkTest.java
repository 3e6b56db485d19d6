package dev.kms4j.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsOperation;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashChainedFileAuditSinkTest {
    @TempDir
    Path dir;

    static AuditRecord record(int i) {
        return AuditRecord.builder().time(Instant.EPOCH.plusSeconds(i)).requestId("req-" + i).principal("svc")
                .operation(KmsOperation.SIGN).provider("local").key("local://k" + i).outcome(AuditOutcome.OK)
                .latency(Duration.ofMillis(i)).build();
    }

    /** A file with a header and {@code n} records. */
    static Path chain(Path file, int n) {
        try (HashChainedFileAuditSink sink = HashChainedFileAuditSink.open(file)) {
            for (int i = 1; i <= n; i++) {
                sink.record(record(i));
            }
        }
        return file;
    }

    @Test
    void aWrittenFileVerifiesWithItsRecordCount() {
        Path file = chain(dir.resolve("audit.log"), 5);

        AuditChainVerifier.Result r = AuditChainVerifier.verify(file);

        assertThat(r.ok()).isTrue();
        assertThat(r.records()).isEqualTo(5);
        assertThat(r.failedLine()).isZero();
    }

    @Test
    void eachLineHoldsTheRecordAsItsCanonicalJson() throws Exception {
        Path file = chain(dir.resolve("audit.log"), 1);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"kms4j_audit_chain\":1,\"file_id\":\"");
        assertThat(lines.get(1)).startsWith("{\"seq\":1,\"prev\":\"").contains("\"record\":" + record(1).toJson() + ",\"hash\":\"");
    }

    @Test
    void aNewFileIsReadableByItsOwnerOnly() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path file = chain(dir.resolve("audit.log"), 1);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void reopeningAFileContinuesItsChain() {
        Path file = chain(dir.resolve("audit.log"), 2);
        try (HashChainedFileAuditSink sink = HashChainedFileAuditSink.builder(file).syncEvery(10).open()) {
            assertThat(sink.records()).isEqualTo(2);
            sink.record(record(3));
            assertThat(sink.lastHash()).hasSize(64);
        }

        AuditChainVerifier.Result r = AuditChainVerifier.verify(file);

        assertThat(r.ok()).isTrue();
        assertThat(r.records()).isEqualTo(3);
    }

    @Test
    void theLastHashMatchesTheVerifiersLastHash() {
        Path file = dir.resolve("audit.log");
        String last;
        try (HashChainedFileAuditSink sink = HashChainedFileAuditSink.open(file)) {
            sink.record(record(1));
            last = sink.lastHash();
        }

        assertThat(AuditChainVerifier.verify(file).lastHash()).hasValue(last);
    }

    @Test
    void reopeningABrokenFileIsRefused() throws Exception {
        Path file = chain(dir.resolve("audit.log"), 3);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(2);
        Files.write(file, lines);

        assertThatThrownBy(() -> HashChainedFileAuditSink.open(file)).isInstanceOfSatisfying(KmsException.class, e -> {
            assertThat(e.code()).isEqualTo(KmsErrorCode.INTEGRITY);
            assertThat(e.getMessage()).contains("line 3");
        });
    }

    @Test
    void aSecondWriterOnTheSameFileIsRefused() {
        Path file = dir.resolve("audit.log");
        try (HashChainedFileAuditSink first = HashChainedFileAuditSink.open(file)) {
            assertThatThrownBy(() -> HashChainedFileAuditSink.open(file)).isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE));
            first.record(record(1));
        }

        assertThat(AuditChainVerifier.verify(file).records()).isEqualTo(1);
    }

    @Test
    void recordsFromManyThreadsFormOneValidChain() throws Exception {
        Path file = dir.resolve("audit.log");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (HashChainedFileAuditSink sink = HashChainedFileAuditSink.builder(file).syncEvery(50).open()) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                int n = i;
                done.add(pool.submit(() -> sink.record(record(n))));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        AuditChainVerifier.Result r = AuditChainVerifier.verify(file);

        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.records()).isEqualTo(200);
    }

    @Test
    void aClosedSinkRefusesRecords() {
        HashChainedFileAuditSink sink = HashChainedFileAuditSink.open(dir.resolve("audit.log"));
        sink.close();

        assertThatThrownBy(() -> sink.record(record(1))).isInstanceOf(KmsException.class);
    }

    @Test
    void syncEveryMustBePositive() {
        assertThatThrownBy(() -> HashChainedFileAuditSink.builder(dir.resolve("a")).syncEvery(0))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }
}
