package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.PublicKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignVerifyCommandsTest {
    private static final byte[] MESSAGE = "transfer 100 to alice".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path keystore;

    @TempDir
    Path files;

    CliRunner kms;
    Path message;

    @BeforeEach
    void setUp() throws Exception {
        kms = new CliRunner(keystore);
        message = Files.write(files.resolve("message.txt"), MESSAGE);
    }

    private void ok(CliRunner.Result result) {
        assertThat(result.exitCode).as(result.toString()).isZero();
    }

    private Path signToFile(String key, String... extra) {
        Path signature = files.resolve(key + ".sig");
        String[] args = {"sign", key, "--in", message.toString(), "--out", signature.toString()};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        ok(kms.run(all));
        return signature;
    }

    @Test
    void aSignatureVerifiesAsValidWithExitCode0() {
        ok(kms.run("keys", "create", "signer", "--spec", "ec-p256"));
        Path signature = signToFile("signer");

        CliRunner.Result r = kms.run("verify", "signer", "--signature", signature.toString(), "--in", message.toString());

        ok(r);
        assertThat(r.stdout()).isEqualTo("valid\n");
    }

    @Test
    void aChangedMessageIsInvalidWithExitCode1() throws Exception {
        ok(kms.run("keys", "create", "signer", "--spec", "ec-p256"));
        Path signature = signToFile("signer");
        Path changed = Files.write(files.resolve("changed.txt"), "transfer 900 to alice".getBytes(StandardCharsets.UTF_8));

        CliRunner.Result r = kms.run("verify", "signer", "--signature", signature.toString(), "--in", changed.toString());

        assertThat(r.exitCode).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(r.stdout()).isEqualTo("INVALID\n");
    }

    @Test
    void aTamperedSignatureIsInvalidWithExitCode1() throws Exception {
        ok(kms.run("keys", "create", "signer", "--spec", "ec-p256"));
        Path signature = signToFile("signer");
        byte[] bytes = Files.readAllBytes(signature);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(signature, bytes);

        CliRunner.Result r = kms.run("verify", "signer", "--signature", signature.toString(), "--in", message.toString());

        assertThat(r.exitCode).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    }

    @Test
    void base64SignaturesVerifyWithBase64() {
        ok(kms.run("keys", "create", "signer", "--spec", "ed25519"));
        Path signature = signToFile("signer", "--base64");

        CliRunner.Result r = kms.run("verify", "signer", "--signature", signature.toString(), "--in",
                message.toString(), "--base64");

        ok(r);
    }

    @Test
    void verifyHintsAtBase64WhenTheSignatureLooksLikeIt() {
        ok(kms.run("keys", "create", "signer", "--spec", "ed25519"));
        Path signature = signToFile("signer", "--base64");

        CliRunner.Result r = kms.run("verify", "signer", "--signature", signature.toString(), "--in", message.toString());

        assertThat(r.exitCode).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(r.stderr).contains("add --base64");
    }

    @Test
    void signReadsStdinAndWritesRawBytesToStdout() throws Exception {
        ok(kms.run("keys", "create", "signer", "--spec", "ec-p256"));

        CliRunner.Result signed = kms.runWithStdin(MESSAGE, "sign", "signer");

        ok(signed);
        Path signature = Files.write(files.resolve("from-stdout.sig"), signed.stdoutBytes);
        ok(kms.runWithStdin(MESSAGE, "verify", "signer", "--signature", signature.toString()));
    }

    @Test
    void hmacKeysSignAndVerifyWithTheirDefaultAlgorithm() {
        ok(kms.run("keys", "create", "mac", "--spec", "hmac-sha256"));
        Path tag = signToFile("mac");

        ok(kms.run("verify", "mac", "--signature", tag.toString(), "--in", message.toString()));
    }

    @Test
    void anExplicitAlgorithmIsUsed() throws Exception {
        ok(kms.run("keys", "create", "signer", "--spec", "ec-p256"));
        Path signature = signToFile("signer", "--alg", "ecdsa-sha384");

        CliRunner.Result pem = kms.run("public-key", "signer");
        ok(pem);
        assertThat(jdkVerifies("SHA384withECDSA", PublicKeys.fromPem(pem.stdout()), Files.readAllBytes(signature)))
                .isTrue();
    }

    @Test
    void anAlgorithmThatDoesNotFitTheKeyIsInvalidArgument() {
        ok(kms.run("keys", "create", "signer", "--spec", "ec-p256"));

        CliRunner.Result r = kms.runWithStdin(MESSAGE, "sign", "signer", "--alg", "ed25519");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCodes.INVALID_ARGUMENT);
    }

    @Test
    void signingWithAnEncryptionKeyIsUnsupportedWithExitCode7() {
        ok(kms.run("keys", "create", "kek", "--spec", "aes-256"));

        CliRunner.Result r = kms.runWithStdin(MESSAGE, "sign", "kek");

        assertThat(r.exitCode).isEqualTo(ExitCodes.UNSUPPORTED);
        assertThat(r.stderr).startsWith("kms: error: UNSUPPORTED: ");
    }

    @Test
    void signingWithAnUnknownKeyIsNotFound() {
        assertThat(kms.runWithStdin(MESSAGE, "sign", "nope").exitCode).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void verifyRefusesMessageAndSignatureBothFromStdin() {
        ok(kms.run("keys", "create", "signer", "--spec", "ec-p256"));

        CliRunner.Result r = kms.runWithStdin(MESSAGE, "verify", "signer", "--signature", "-");

        assertThat(r.exitCode).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void thePemPublicKeyVerifiesSignaturesWithTheJdk() throws Exception {
        ok(kms.run("keys", "create", "signer", "--spec", "ec-p256"));
        Path signature = signToFile("signer");

        CliRunner.Result pem = kms.run("public-key", "signer", "--pem");

        ok(pem);
        assertThat(pem.stdout()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(jdkVerifies("SHA256withECDSA", PublicKeys.fromPem(pem.stdout()), Files.readAllBytes(signature)))
                .isTrue();
    }

    @Test
    void theDerPublicKeyIsWrittenToAFile() throws Exception {
        ok(kms.run("keys", "create", "signer", "--spec", "ed25519"));
        Path der = files.resolve("signer.der");

        ok(kms.run("public-key", "signer", "--der", "--out", der.toString()));

        assertThat(PublicKeys.fromDer(Files.readAllBytes(der)).getAlgorithm()).isIn("Ed25519", "EdDSA");
    }

    @Test
    void thePublicKeyOfASymmetricKeyIsUnsupportedWithExitCode7() {
        ok(kms.run("keys", "create", "kek", "--spec", "aes-256"));

        CliRunner.Result r = kms.run("public-key", "kek");

        assertThat(r.exitCode).isEqualTo(ExitCodes.UNSUPPORTED);
        assertThat(r.stdout()).isEmpty();
    }

    private boolean jdkVerifies(String algorithm, PublicKey key, byte[] signature) throws Exception {
        Signature jdk = Signature.getInstance(algorithm);
        jdk.initVerify(key);
        jdk.update(MESSAGE);
        return jdk.verify(signature);
    }
}
