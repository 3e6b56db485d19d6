package dev.kms4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kms4j.remote.protocol.v1.Empty;
import dev.kms4j.server.config.ConfiguredServer;
import dev.kms4j.server.config.DevelopmentSetup;
import dev.kms4j.server.config.ServerConfigLoader;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development set-up ("kms server init") starts a working server from its own config. */
class ConfiguredServerTest {
    @TempDir
    Path dir;

    @Test
    void theDevelopmentSetupServesAuthenticatedCallsOverMutualTls() throws Exception {
        DevelopmentSetup.Result setup = DevelopmentSetup.write(dir.resolve("dev"), 0);
        String secret = Files.readString(setup.clientSecretFile());
        try (ConfiguredServer s = ConfiguredServer.open(ServerConfigLoader.load(setup.config(), Map.of()))) {
            KmsServer server = s.start(List.of(SignTestService::new));
            Path pki = dir.resolve("dev/pki");
            ManagedChannel channel = Clients.tls(server.tcpPort().orElseThrow(), pki.resolve("ca.pem"),
                    pki.resolve("dev-client.pem"), pki.resolve("dev-client-key.pem"));
            try {
                String token = Clients.authenticate(channel, setup.clientId(), secret);

                assertThat(Clients.keys(channel, token).checkHealth(Empty.getDefaultInstance()).getStatus())
                        .isEqualTo("dev-client");
            } finally {
                Clients.close(channel);
            }
        }
    }

    @Test
    void theDevelopmentSetupServesOverItsUnixSocket() throws Exception {
        assumeTrue(Epoll.isAvailable(), "Netty native epoll is unavailable here: Unix socket test skipped");
        DevelopmentSetup.Result setup = DevelopmentSetup.write(dir.resolve("dev"), 0);
        String secret = Files.readString(setup.clientSecretFile());
        EpollEventLoopGroup loop = new EpollEventLoopGroup(1);
        try (ConfiguredServer s = ConfiguredServer.open(ServerConfigLoader.load(setup.config(), Map.of()))) {
            s.start(List.of(SignTestService::new));
            ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(setup.unixSocket().toFile()))
                    .channelType(EpollDomainSocketChannel.class).eventLoopGroup(loop)
                    .withOption(ChannelOption.SO_KEEPALIVE, null).usePlaintext().build();
            try {
                String token = Clients.authenticate(channel, setup.clientId(), secret);

                assertThat(Clients.keys(channel, token).checkHealth(Empty.getDefaultInstance()).getStatus())
                        .isEqualTo("dev-client");
            } finally {
                Clients.close(channel);
            }
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aCallOutsideTheClientsRoleIsPermissionDeniedAndAudited() throws Exception {
        DevelopmentSetup.Result setup = DevelopmentSetup.write(dir.resolve("dev"), 0);
        Files.writeString(setup.config(), Files.readString(setup.config()).replace("allow * **", "allow verify **"));
        String secret = Files.readString(setup.clientSecretFile());
        try (ConfiguredServer s = ConfiguredServer.open(ServerConfigLoader.load(setup.config(), Map.of()))) {
            KmsServer server = s.start(List.of(SignTestService::new));
            Path pki = dir.resolve("dev/pki");
            ManagedChannel channel = Clients.tls(server.tcpPort().orElseThrow(), pki.resolve("ca.pem"),
                    pki.resolve("dev-client.pem"), pki.resolve("dev-client-key.pem"));
            try {
                String token = Clients.authenticate(channel, setup.clientId(), secret);

                assertThatThrownBy(() -> Clients.keys(channel, token).sign(Clients.sign("local://payments")))
                        .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED));
            } finally {
                Clients.close(channel);
            }
        }
        assertThat(Files.readAllLines(dir.resolve("dev/audit/audit.log")))
                .anySatisfy(line -> assertThat(line).contains("dev-client").contains("PERMISSION_DENIED")
                        .contains("local://payments"));
    }

    @Test
    void secretFilesAreOwnerOnly() throws Exception {
        DevelopmentSetup.Result setup = DevelopmentSetup.write(dir.resolve("dev"), 0);

        for (Path p : List.of(setup.clientSecretFile(), dir.resolve("dev/secrets/master.key"),
                dir.resolve("dev/pki/ca-key.pem"), dir.resolve("dev/pki/server-key.pem"),
                dir.resolve("dev/pki/dev-client-key.pem"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void theConfigHoldsTheHashNotTheSecret() throws Exception {
        DevelopmentSetup.Result setup = DevelopmentSetup.write(dir.resolve("dev"), 0);

        assertThat(Files.readString(setup.config())).doesNotContain(Files.readString(setup.clientSecretFile()))
                .contains("$2y$12$");
    }

    @Test
    void initRefusesADirectoryThatHasAConfigAlready() {
        DevelopmentSetup.write(dir.resolve("dev"), 0);

        assertThatThrownBy(() -> DevelopmentSetup.write(dir.resolve("dev"), 0)).hasMessageContaining("exists already");
    }

    @Test
    void aMissingTokenKeyIsReportedAtStart() throws Exception {
        DevelopmentSetup.Result setup = DevelopmentSetup.write(dir.resolve("dev"), 0);

        assertThatThrownBy(() -> ConfiguredServer.open(ServerConfigLoader.load(setup.config(),
                Map.of("KMS4J_SERVER_TOKEN_KEY", "local://missing"))))
                .hasMessageContaining("auth.token-key");
    }
}
