package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.remote.protocol.v1.AuthenticateRequest;
import dev.kms4j.remote.protocol.v1.AuthenticationGrpc;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void initWritesAConfigThatTheServerCommandRunsUntilStopped() throws Exception {
        Path setup = dir.resolve("dev");
        CliRunner.Result init = new CliRunner(dir.resolve("unused")).runRaw(new byte[0],
                "server", "init", setup.toString(), "--tcp-port", "0");
        assertThat(init.exitCode).as(init.stderr).isEqualTo(ExitCodes.OK);
        String secret = Files.readString(setup.resolve("secrets/client-secret"));
        assertThat(init.stdout()).contains("kms4j-server.yaml").doesNotContain(secret);

        PipedInputStream stdoutIn = new PipedInputStream(64 * 1024);
        PipedOutputStream stdout = new PipedOutputStream(stdoutIn);
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        CliIo io = CliIo.of(new ByteArrayInputStream(new byte[0]), stdout, stderr, Map.of());
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread cli = new Thread(() -> exitCode.set(KmsCli.run(io, "server", "--config",
                setup.resolve("kms4j-server.yaml").toString())), "kms-server-test");
        cli.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(stdoutIn, StandardCharsets.UTF_8));
            String tcp = lines.readLine();
            assertThat(tcp).as(stderr.toString(StandardCharsets.UTF_8)).matches("tcp 127\\.0\\.0\\.1:\\d+");
            assertThat(lines.readLine()).startsWith("unix ");
            assertThat(lines.readLine()).isEqualTo("http unix " + setup.toAbsolutePath().normalize()
                    .resolve("run/kms-http.sock"));
            assertThat(lines.readLine()).isEqualTo("ready");
            int port = Integer.parseInt(tcp.substring(tcp.lastIndexOf(':') + 1));
            Path pki = setup.resolve("pki");
            ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", port)
                    .sslContext(GrpcSslContexts.forClient().trustManager(pki.resolve("ca.pem").toFile())
                            .keyManager(pki.resolve("dev-client.pem").toFile(), pki.resolve("dev-client-key.pem").toFile())
                            .build())
                    .build();
            try {
                String token = AuthenticationGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .authenticate(AuthenticateRequest.newBuilder().setClientId("dev-client")
                                .setClientSecret(secret).build()).getAccessToken();
                assertThat(token).isNotEmpty();
                assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus())
                        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            cli.interrupt();
            cli.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(exitCode.get()).as(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCodes.OK);
    }

    @Test
    void serverWithoutConfigIsAUsageError() {
        CliRunner.Result r = new CliRunner(dir.resolve("unused")).runRaw(new byte[0], "server");

        assertThat(r.exitCode).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anInvalidConfigIsOneErrorNamingTheField() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), "listeners:\n  tcp:\n    port: http\n");

        CliRunner.Result r = new CliRunner(dir.resolve("unused")).runRaw(new byte[0], "server", "--config", config.toString());

        assertThat(r.exitCode).isEqualTo(ExitCodes.INVALID_ARGUMENT);
        assertThat(r.stderr).contains("listeners.tcp.port");
    }
}
