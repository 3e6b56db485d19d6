package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

class FakesCommandTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void printsTheAwsEndpointThenReadyAndServesTheSdkUntilStopped() throws Exception {
        PipedInputStream stdoutIn = new PipedInputStream(64 * 1024);
        PipedOutputStream stdout = new PipedOutputStream(stdoutIn);
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        CliIo io = CliIo.of(new ByteArrayInputStream(new byte[0]), stdout, stderr, Map.of());
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread cli = new Thread(() -> exitCode.set(KmsCli.run(io, "fakes", "--aws-port", "0",
                "--aws-access-key-id", "AKIDCLI", "--aws-secret-access-key", "cli-secret")), "kms-fakes-test");
        cli.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(stdoutIn, StandardCharsets.UTF_8));
            String awsLine = lines.readLine();
            assertThat(awsLine).matches("aws-kms http://127\\.0\\.0\\.1:\\d+");
            assertThat(lines.readLine()).isEqualTo("ready");

            URI endpoint = URI.create(awsLine.substring("aws-kms ".length()));
            try (KmsClient kms = KmsClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDCLI", "cli-secret")))
                    .region(Region.US_EAST_1)
                    .endpointOverride(endpoint)
                    .build()) {
                String keyId = kms.createKey(b -> { }).keyMetadata().keyId();
                SdkBytes blob = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("hi")))
                        .ciphertextBlob();
                assertThat(kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("hi");
            }
        } finally {
            cli.interrupt();
            cli.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(exitCode.get()).as(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCodes.OK);
    }

    @Test
    void notesThatTheAzureAndVaultFakesAreNotAvailableYet() throws Exception {
        PipedInputStream stdoutIn = new PipedInputStream(64 * 1024);
        PipedOutputStream stdout = new PipedOutputStream(stdoutIn);
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        CliIo io = CliIo.of(new ByteArrayInputStream(new byte[0]), stdout, stderr, Map.of());
        Thread cli = new Thread(() -> KmsCli.run(io, "fakes", "--azure-port", "0", "--vault-port", "0"));
        cli.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(stdoutIn, StandardCharsets.UTF_8));
            lines.readLine();
            assertThat(lines.readLine()).isEqualTo("ready");
        } finally {
            cli.interrupt();
            cli.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("azure-kv fake is not available yet")
                .contains("vault-transit fake is not available yet");
    }
}
