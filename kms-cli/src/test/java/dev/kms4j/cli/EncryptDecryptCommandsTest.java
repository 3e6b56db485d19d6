package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptDecryptCommandsTest {
    private static final String SECRET = "test secret 7f3a: correct horse battery staple";
    private static final byte[] SECRET_BYTES = SECRET.getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path keystore;

    @TempDir
    Path files;

    CliRunner kms;

    @BeforeEach
    void setUp() {
        kms = new CliRunner(keystore);
        ok(kms.run("keys", "create", "kek", "--spec", "aes-256"));
    }

    private void ok(CliRunner.Result result) {
        assertThat(result.exitCode).as(result.toString()).isZero();
    }

    private byte[] encrypt(String... extra) {
        String[] args = new String[2 + extra.length];
        args[0] = "encrypt";
        args[1] = "kek";
        System.arraycopy(extra, 0, args, 2, extra.length);
        CliRunner.Result r = kms.runWithStdin(SECRET_BYTES, args);
        ok(r);
        assertThat(r.allOutput()).doesNotContain(SECRET);
        return r.stdoutBytes;
    }

    @Test
    void filesRoundTrip() throws Exception {
        Path plaintext = Files.write(files.resolve("plain.txt"), SECRET_BYTES);
        Path ciphertext = files.resolve("plain.txt.enc");
        Path decrypted = files.resolve("decrypted.txt");

        CliRunner.Result encrypted = kms.run("encrypt", "kek", "--in", plaintext.toString(), "--out", ciphertext.toString());
        CliRunner.Result result = kms.run("decrypt", "kek", "--in", ciphertext.toString(), "--out", decrypted.toString());

        ok(encrypted);
        ok(result);
        assertThat(Files.readAllBytes(decrypted)).isEqualTo(SECRET_BYTES);
        assertThat(Files.readAllBytes(ciphertext)).isNotEqualTo(SECRET_BYTES);
        assertThat(encrypted.allOutput() + result.allOutput()).doesNotContain(SECRET);
    }

    @Test
    void stdinAndStdoutRoundTrip() {
        byte[] ciphertext = encrypt();

        CliRunner.Result r = kms.runWithStdin(ciphertext, "decrypt", "kek");

        ok(r);
        assertThat(r.stdoutBytes).isEqualTo(SECRET_BYTES);
        assertThat(r.stderr).doesNotContain(SECRET);
    }

    @Test
    void base64CiphertextsRoundTrip() {
        byte[] ciphertext = encrypt("--base64");

        CliRunner.Result r = kms.runWithStdin(ciphertext, "decrypt", "kek", "--base64");

        ok(r);
        assertThat(new String(ciphertext, StandardCharsets.US_ASCII)).matches("[A-Za-z0-9+/=]+\n");
        assertThat(r.stdoutBytes).isEqualTo(SECRET_BYTES);
    }

    @Test
    void theSameContextDecrypts() {
        byte[] ciphertext = encrypt("--context", "tenant=acme", "--context", "purpose=test");

        ok(kms.runWithStdin(ciphertext, "decrypt", "kek", "--context", "purpose=test", "--context", "tenant=acme"));
    }

    @Test
    void anotherContextIsIntegrityWithExitCode6() {
        byte[] ciphertext = encrypt("--context", "tenant=acme");

        CliRunner.Result r = kms.runWithStdin(ciphertext, "decrypt", "kek", "--context", "tenant=evil");

        assertThat(r.exitCode).isEqualTo(ExitCodes.INTEGRITY);
        assertThat(r.stdoutBytes).isEmpty();
        assertThat(r.stderr).startsWith("kms: error: INTEGRITY: ").doesNotContain(SECRET);
    }

    @Test
    void aTamperedCiphertextIsIntegrityWithExitCode6() {
        byte[] ciphertext = encrypt();
        ciphertext[ciphertext.length - 1] ^= 0x01;

        CliRunner.Result r = kms.runWithStdin(ciphertext, "decrypt", "kek");

        assertThat(r.exitCode).isEqualTo(ExitCodes.INTEGRITY);
        assertThat(r.stdoutBytes).isEmpty();
        assertThat(r.stderr.lines()).hasSize(1);
    }

    @Test
    void aCiphertextFromBeforeARotationStillDecrypts() {
        byte[] ciphertext = encrypt();
        ok(kms.run("keys", "rotate", "kek"));

        CliRunner.Result r = kms.runWithStdin(ciphertext, "decrypt", "kek");

        ok(r);
        assertThat(r.stdoutBytes).isEqualTo(SECRET_BYTES);
    }

    @Test
    void moreThanOneMiBIsInvalidArgumentPointingToEnvelopeEncryption() {
        byte[] big = new byte[Limits.MAX_PLAINTEXT_BYTES + 1];

        CliRunner.Result r = kms.runWithStdin(big, "encrypt", "kek");

        assertThat(r.exitCode).isEqualTo(ExitCodes.INVALID_ARGUMENT);
        assertThat(r.stderr).contains("1 MiB").contains("envelope encryption");
        assertThat(r.stdoutBytes).isEmpty();
    }

    @Test
    void exactlyOneMiBEncrypts() {
        byte[] max = new byte[Limits.MAX_PLAINTEXT_BYTES];

        CliRunner.Result r = kms.runWithStdin(max, "encrypt", "kek");

        ok(r);
        assertThat(kms.runWithStdin(r.stdoutBytes, "decrypt", "kek").stdoutBytes).isEqualTo(max);
    }

    @Test
    void aDecryptedFileIsCreatedReadableByItsOwnerOnly() throws Exception {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path decrypted = files.resolve("secret.txt");

        ok(kms.runWithStdin(encrypt(), "decrypt", "kek", "--out", decrypted.toString()));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(decrypted))).isEqualTo("rw-------");
    }

    @Test
    void aMissingInputFileIsAnIoErrorWithExitCode10() {
        CliRunner.Result r = kms.run("encrypt", "kek", "--in", files.resolve("missing.txt").toString());

        assertThat(r.exitCode).isEqualTo(ExitCodes.INTERNAL);
        assertThat(r.stderr).startsWith("kms: error: IO: cannot read plaintext file ").contains("no such file");
    }

    @Test
    void encryptingWithASigningKeyIsUnsupported() {
        ok(kms.run("keys", "create", "signer", "--spec", "ec-p256"));

        CliRunner.Result r = kms.runWithStdin(SECRET_BYTES, "encrypt", "signer");

        assertThat(r.exitCode).isEqualTo(ExitCodes.UNSUPPORTED);
        assertThat(r.allOutput()).doesNotContain(SECRET);
    }

    @Test
    void verboseErrorsDoNotContainThePlaintext() {
        byte[] ciphertext = encrypt("--context", "tenant=acme");

        CliRunner.Result r = kms.runWithStdin(ciphertext, "--verbose", "decrypt", "kek", "--context", "tenant=evil");

        assertThat(r.exitCode).isEqualTo(ExitCodes.INTEGRITY);
        assertThat(r.stderr).contains("\tat ");
        assertThat(r.allOutput()).doesNotContain(SECRET);
    }
}
