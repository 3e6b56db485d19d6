package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.envelope.EnvelopeHeader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewrapCommandTest {
    @TempDir
    Path keystore;

    @TempDir
    Path dir;

    CliRunner kms;
    Path a;
    Path b;
    byte[] dataA = new byte[50_000];

    @BeforeEach
    void setUp() throws Exception {
        kms = new CliRunner(keystore);
        ok(kms.run("keys", "create", "old", "--spec", "aes-256"));
        ok(kms.run("keys", "create", "new", "--spec", "aes-256"));
        new Random(5).nextBytes(dataA);
        Files.createDirectories(dir.resolve("sub"));
        a = dir.resolve("a.kms");
        b = dir.resolve("sub/b.kms");
        ok(kms.run("encrypt", "old", "--envelope", "--segment-size", "4096", "--in", Files.write(dir.resolve("a.txt"), dataA).toString(),
                "--out", a.toString(), "--context", "app=x"));
        ok(kms.run("encrypt", "old", "--envelope", "--in", Files.write(dir.resolve("b.txt"), new byte[3]).toString(),
                "--out", b.toString(), "--context", "app=x"));
    }

    private static void ok(CliRunner.Result result) {
        assertThat(result.exitCode).as(result.toString()).isZero();
    }

    @Test
    void rewrapsEveryEnvelopeFileUnderADirectoryKeepingPayloads() throws Exception {
        byte[] before = Files.readAllBytes(a);

        CliRunner.Result r = kms.run("rewrap", "--to", "new", "--context", "app=x", dir.toString());

        ok(r);
        assertThat(r.stdout()).contains("rewrapped 2, skipped 2, failed 0"); // a.txt and b.txt are not envelopes
        byte[] after = Files.readAllBytes(a);
        assertThat(EnvelopeHeader.parse(after).keks()).extracting(Object::toString).containsExactly("local://new#1");
        assertThat(EnvelopeCommandsTest.payloadOf(after)).isEqualTo(EnvelopeCommandsTest.payloadOf(before));
        assertThat(r.stderr).contains("[1/4]", "local://old#1 -> local://new#1");
        try (var walk = Files.walk(dir)) {
            assertThat(walk.filter(p -> p.toString().contains(".kms4j-"))).isEmpty();
        }
        ok(kms.run("keys", "disable", "old"));
        Path out = dir.resolve("a.out");
        ok(kms.run("decrypt", "new", "--in", a.toString(), "--out", out.toString(), "--context", "app=x"));
        assertThat(Files.readAllBytes(out)).isEqualTo(dataA);
    }

    @Test
    void secondRunSkipsFilesAlreadyAtTheTarget() {
        ok(kms.run("rewrap", "--to", "new", "--context", "app=x", a.toString()));
        CliRunner.Result r = kms.run("rewrap", "--to", "new", "--context", "app=x", a.toString());
        ok(r);
        assertThat(r.stdout()).contains("rewrapped 0, skipped 1");
    }

    @Test
    void rotatingTheTargetMakesFilesDueAgain() {
        ok(kms.run("rewrap", "--to", "new", "--context", "app=x", a.toString()));
        ok(kms.run("keys", "rotate", "new"));
        CliRunner.Result r = kms.run("rewrap", "--to", "new", "--context", "app=x", a.toString());
        ok(r);
        assertThat(r.stderr).contains("local://new#1 -> local://new#2");
    }

    @Test
    void dryRunReportsKekVersionsAndChangesNothing() throws Exception {
        byte[] before = Files.readAllBytes(a);
        CliRunner.Result r = kms.run("rewrap", "--to", "new", "--dry-run", dir.toString());
        ok(r);
        assertThat(r.stdout()).contains("local://old#1: 2 file(s)", "not envelope messages: 2 file(s)");
        assertThat(Files.readAllBytes(a)).isEqualTo(before);
    }

    @Test
    void wrongContextFailsThatFileAndKeepsItIntact() throws Exception {
        byte[] before = Files.readAllBytes(a);
        CliRunner.Result r = kms.run("rewrap", "--to", "new", "--context", "app=other", a.toString());
        assertThat(r.exitCode).isEqualTo(ExitCodes.INTEGRITY);
        assertThat(r.stdout()).contains("failed 1");
        assertThat(Files.readAllBytes(a)).isEqualTo(before);
        assertThat(RewrapCommand.backupOf(a)).doesNotExist();
    }

    @Test
    void crashAfterTheSwitchIsFinishedFromTheBackup() throws Exception {
        // Simulate a crash after "original -> backup" and "temp -> file" but before the backup was
        // deleted: the file holds something (here: garbage), the backup the original.
        byte[] original = Files.readAllBytes(a);
        Files.write(RewrapCommand.backupOf(a), original);
        Files.write(a, "half-written".getBytes(StandardCharsets.UTF_8));

        CliRunner.Result r = kms.run("rewrap", "--to", "new", "--context", "app=x", a.toString());

        ok(r);
        assertThat(r.stderr).contains("restored the original from a leftover backup");
        assertThat(RewrapCommand.backupOf(a)).doesNotExist();
        byte[] after = Files.readAllBytes(a);
        assertThat(EnvelopeHeader.parse(after).keks()).extracting(Object::toString).containsExactly("local://new#1");
        assertThat(EnvelopeCommandsTest.payloadOf(after)).isEqualTo(EnvelopeCommandsTest.payloadOf(original));
    }

    @Test
    void crashBetweenTheTwoRenamesIsFinishedFromTheBackup() throws Exception {
        byte[] original = Files.readAllBytes(a);
        Files.move(a, RewrapCommand.backupOf(a));
        Files.write(a.resolveSibling("a.kms.kms4j-tmp"), new byte[] {1, 2});

        CliRunner.Result r = kms.run("rewrap", "--to", "new", "--context", "app=x", dir.toString());

        ok(r);
        assertThat(a.resolveSibling("a.kms.kms4j-tmp")).doesNotExist();
        assertThat(EnvelopeCommandsTest.payloadOf(Files.readAllBytes(a))).isEqualTo(EnvelopeCommandsTest.payloadOf(original));
    }
}
