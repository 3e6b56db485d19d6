package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kms encrypt --envelope, kms decrypt of envelope messages, and kms inspect. */
class EnvelopeCommandsTest {
    private static final String SECRET = "envelope secret 91c2: correct horse battery staple";

    @TempDir
    Path keystore;

    @TempDir
    Path files;

    CliRunner kms;

    @BeforeEach
    void setUp() {
        kms = new CliRunner(keystore);
        ok(kms.run("keys", "create", "kek", "--spec", "aes-256"));
        ok(kms.run("keys", "create", "backup", "--spec", "aes-256"));
    }

    private static void ok(CliRunner.Result result) {
        assertThat(result.exitCode).as(result.toString()).isZero();
    }

    private Path write(String name, byte[] data) throws Exception {
        return Files.write(files.resolve(name), data);
    }

    @Test
    void envelopeFilesRoundTrip() throws Exception {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        Path plain = write("data.bin", data);
        Path enc = files.resolve("data.bin.kms");
        Path dec = files.resolve("data.out");

        ok(kms.run("encrypt", "kek", "--envelope", "--segment-size", "4096", "--in", plain.toString(), "--out", enc.toString(),
                "--context", "file=data.bin"));
        ok(kms.run("decrypt", "kek", "--in", enc.toString(), "--out", dec.toString(), "--context", "file=data.bin"));

        assertThat(Files.readAllBytes(dec)).isEqualTo(data);
        assertThat(new String(Files.readAllBytes(enc), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("KMSE");
    }

    @Test
    void envelopeThroughStdinAndStdout() {
        CliRunner.Result enc = kms.runWithStdin(SECRET.getBytes(StandardCharsets.UTF_8), "encrypt", "kek", "--envelope");
        ok(enc);
        assertThat(enc.allOutput()).doesNotContain(SECRET);
        CliRunner.Result dec = kms.runWithStdin(enc.stdoutBytes, "decrypt", "kek");
        ok(dec);
        assertThat(dec.stdout()).isEqualTo(SECRET);
    }

    @Test
    void directModeStaysTheDefault() {
        CliRunner.Result enc = kms.runWithStdin(SECRET.getBytes(StandardCharsets.UTF_8), "encrypt", "kek");
        ok(enc);
        assertThat(new String(enc.stdoutBytes, 0, 4, StandardCharsets.ISO_8859_1)).isNotEqualTo("KMSE");
        ok(kms.runWithStdin(enc.stdoutBytes, "decrypt", "kek"));
    }

    @Test
    void anyOfSeveralKeksDecrypts() {
        CliRunner.Result enc = kms.runWithStdin(SECRET.getBytes(StandardCharsets.UTF_8),
                "encrypt", "kek", "--envelope", "--kek", "backup");
        ok(enc);
        ok(kms.run("keys", "disable", "kek"));
        CliRunner.Result dec = kms.runWithStdin(enc.stdoutBytes, "decrypt", "backup");
        ok(dec);
        assertThat(dec.stdout()).isEqualTo(SECRET);
    }

    @Test
    void tamperedEnvelopeFileIsIntegrityAndLeavesNoOutputFile() throws Exception {
        byte[] data = new byte[20_000];
        new Random(2).nextBytes(data);
        Path enc = files.resolve("x.kms");
        ok(kms.run("encrypt", "kek", "--envelope", "--segment-size", "4096", "--in", write("x", data).toString(),
                "--out", enc.toString()));
        byte[] bad = Files.readAllBytes(enc);
        bad[bad.length - 100] ^= 1;
        Files.write(enc, bad);
        Path dec = files.resolve("x.out");

        CliRunner.Result r = kms.run("decrypt", "kek", "--in", enc.toString(), "--out", dec.toString());

        assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCodes.INTEGRITY);
        assertThat(dec).doesNotExist();
        try (var list = Files.list(files)) {
            assertThat(list.filter(p -> p.toString().endsWith(".kms4j-tmp"))).isEmpty();
        }
    }

    @Test
    void wrongContextIsIntegrity() {
        CliRunner.Result enc = kms.runWithStdin(SECRET.getBytes(StandardCharsets.UTF_8), "encrypt", "kek", "--envelope",
                "--context", "a=1");
        CliRunner.Result r = kms.runWithStdin(enc.stdoutBytes, "decrypt", "kek", "--context", "a=2");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCodes.INTEGRITY);
        assertThat(r.stdoutBytes).isEmpty();
    }

    @Test
    void base64IsRejectedInEnvelopeMode() {
        CliRunner.Result r = kms.runWithStdin(new byte[1], "encrypt", "kek", "--envelope", "--base64");
        assertThat(r.exitCode).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void largeFilesShowProgressOnStderr() throws Exception {
        Path plain = write("big.bin", new byte[(int) Progress.THRESHOLD_BYTES + 1]);
        CliRunner.Result r = kms.run("encrypt", "kek", "--envelope", "--in", plain.toString(), "--out",
                files.resolve("big.kms").toString());
        ok(r);
        assertThat(r.stderr).contains("encrypting: 100% (16.0 MiB of 16.0 MiB)");
    }

    @Test
    void inspectPrintsTheKeksWithVersionsWithoutTheKeystore() throws Exception {
        ok(kms.run("keys", "rotate", "kek"));
        Path enc = files.resolve("m.kms");
        ok(kms.run("encrypt", "kek", "--envelope", "--kek", "backup", "--in", write("m", new byte[10]).toString(),
                "--out", enc.toString()));
        Path noKeystore = files.resolve("no-keystore");

        CliRunner.Result r = new CliRunner(noKeystore).run("inspect", enc.toString());

        ok(r);
        assertThat(r.stdout()).contains("kek         local://kek#2", "kek         local://backup#1",
                "AES_256_GCM_HKDF_STREAMING (segment 1048576 bytes)", "format      kms4j envelope v1");
        assertThat(noKeystore).doesNotExist();
    }

    @Test
    void inspectOfANonEnvelopeIsIntegrity() throws Exception {
        CliRunner.Result r = kms.run("inspect", write("plain", "hello".getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(r.exitCode).isEqualTo(ExitCodes.INTEGRITY);
    }

    @Test
    void inspectOfAMissingFileIsAnIoError() {
        CliRunner.Result r = kms.run("inspect", files.resolve("nope").toString());
        assertThat(r.exitCode).isEqualTo(ExitCodes.INTERNAL);
        assertThat(r.stderr).contains("no such file");
    }

    static byte[] payloadOf(byte[] message) {
        return Arrays.copyOfRange(message, dev.kms4j.envelope.EnvelopeHeader.parse(message).length(), message.length);
    }
}
