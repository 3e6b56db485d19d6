package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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
            assertThat(lines.readLine()).startsWith("azure-kv https://127.0.0.1:");
            assertThat(lines.readLine()).startsWith("vault-transit http://127.0.0.1:");
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
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void servesTheVaultTransitFakeWithTheGivenToken() throws Exception {
        PipedInputStream stdoutIn = new PipedInputStream(64 * 1024);
        PipedOutputStream stdout = new PipedOutputStream(stdoutIn);
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        CliIo io = CliIo.of(new ByteArrayInputStream(new byte[0]), stdout, stderr, Map.of());
        Thread cli = new Thread(() -> KmsCli.run(io, "fakes", "--vault-port", "0", "--vault-token", "cli-token"));
        cli.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(stdoutIn, StandardCharsets.UTF_8));
            URI vault = null;
            for (String line = lines.readLine(); !"ready".equals(line); line = lines.readLine()) {
                assertThat(line).isNotNull();
                if (line.startsWith("vault-transit ")) {
                    vault = URI.create(line.substring("vault-transit ".length()));
                }
            }
            assertThat(vault).isNotNull();
            assertThat(vault.toString()).matches("http://127\\.0\\.0\\.1:\\d+");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(vault.resolve("/v1/transit/keys/cli"))
                    .header("X-Vault-Token", "cli-token")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"aes256-gcm96\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isBetween(200, 204);
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(vault.resolve("/v1/transit/keys/cli"))
                    .header("X-Vault-Token", "wrong").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
        } finally {
            cli.interrupt();
            cli.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void servesTheAzureFakeOverHttpsWithTheCertificateItWrote(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("azure.pem");
        PipedInputStream stdoutIn = new PipedInputStream(64 * 1024);
        PipedOutputStream stdout = new PipedOutputStream(stdoutIn);
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        CliIo io = CliIo.of(new ByteArrayInputStream(new byte[0]), stdout, stderr, Map.of());
        Thread cli = new Thread(() -> KmsCli.run(io, "fakes", "--azure-port", "0", "--azure-cert-out", pem.toString()));
        cli.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(stdoutIn, StandardCharsets.UTF_8));
            URI azure = null;
            for (String line = lines.readLine(); !"ready".equals(line); line = lines.readLine()) {
                assertThat(line).isNotNull();
                if (line.startsWith("azure-kv ")) {
                    azure = URI.create(line.substring("azure-kv ".length()));
                }
            }
            assertThat(azure).isNotNull();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(trusting(pem)).build();
            // The first tokenless request gets the bearer challenge, as from real Key Vault.
            HttpResponse<String> challenge = http.send(HttpRequest.newBuilder(azure.resolve("/keys?api-version=7.5"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(challenge.statusCode()).isEqualTo(401);
            assertThat(challenge.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer "));
        } finally {
            cli.interrupt();
            cli.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("fake", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void refusesAnOutOfRangeVaultPort() {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        CliIo io = CliIo.of(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), stderr, Map.of());

        assertThat(KmsCli.run(io, "fakes", "--vault-port", "70000")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--vault-port");
    }
}
