package dev.kms4j.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.ProviderHealth;
import dev.kms4j.remote.internal.RemoteChannel;
import dev.kms4j.remote.protocol.v1.EncryptRequest;
import dev.kms4j.remote.protocol.v1.EncryptResponse;
import dev.kms4j.remote.protocol.v1.KeyManagementGrpc;
import dev.kms4j.server.grpc.KeyManagementService;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Real transports (TCP, Unix socket) and transport failures (deadlines, no server). */
class RemoteTransportTest {
    private static final byte[] MESSAGE = "over the wire".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static KmsManager serverKms() {
        return KmsManager.builder().enable("local", ProviderConfig.of(Map.of("path", ":memory:"))).build();
    }

    private static void roundTrip(KmsManager remote) {
        KeyRef key = remote.createKey(KeyRef.of("kms4j", "local/t-" + UUID.randomUUID()), KeySpec.AES_256);
        byte[] ct = remote.encrypt(key, MESSAGE, EncryptionContext.empty());
        assertThat(remote.decrypt(key, ct, EncryptionContext.empty())).isEqualTo(MESSAGE);
    }

    @Test
    void roundTripOverPlainTcpOnLoopback() throws Exception {
        try (KmsManager server = serverKms()) {
            Server grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new KeyManagementService(server)).build().start();
            try (KmsManager remote = KmsManager.builder().enable("kms4j", ProviderConfig.of(Map.of(
                    "target", "127.0.0.1:" + grpc.getPort(), "tls", "false"))).build()) {
                roundTrip(remote);
            } finally {
                grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void roundTripOverAUnixSocket() throws Exception {
        assumeTrue(Epoll.isAvailable(), "Netty's native epoll transport is not available here");
        Path socket = dir.resolve("kms.sock");
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        // grpc sets SO_KEEPALIVE on every channel, which a Unix socket does not have: Netty used
        // to log a WARN for every connection the client made.
        ch.qos.logback.classic.Logger netty = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.netty.bootstrap");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        netty.addAppender(logs);
        try (KmsManager server = serverKms()) {
            Server grpc = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                    .channelType(EpollServerDomainSocketChannel.class)
                    .withChildOption(ChannelOption.SO_KEEPALIVE, null)
                    .bossEventLoopGroup(loop).workerEventLoopGroup(loop)
                    .addService(new KeyManagementService(server)).build().start();
            try (KmsManager remote = KmsManager.builder().enable("kms4j", ProviderConfig.of(Map.of(
                    "target", "unix:" + socket))).build()) {
                roundTrip(remote);
            } finally {
                grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            netty.detachAppender(logs);
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).sync();
        }

        assertThat(logs.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void aCallPastItsDeadlineIsTimeout() throws Exception {
        String name = "silent-" + UUID.randomUUID();
        // A server that takes the call and never answers.
        Server grpc = InProcessServerBuilder.forName(name).addService(new KeyManagementGrpc.KeyManagementImplBase() {
            @Override
            public void encrypt(EncryptRequest request, StreamObserver<EncryptResponse> out) {
            }
        }).build().start();
        try (KmsManager remote = remote(name, "100ms")) {
            assertThatThrownBy(() -> remote.encrypt(KeyRef.of("kms4j", "local/k"), MESSAGE, EncryptionContext.empty()))
                    .isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.TIMEOUT))
                    .satisfies(e -> assertThat(((KmsException) e).isRetryable()).isTrue());
        } finally {
            grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void noServerIsUnavailable() {
        try (KmsManager remote = remote("nobody-" + UUID.randomUUID(), "5s")) {
            assertThatThrownBy(() -> remote.encrypt(KeyRef.of("kms4j", "local/k"), MESSAGE, EncryptionContext.empty()))
                    .isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.UNAVAILABLE));
        }
    }

    @Test
    void healthIsDownWithoutAServer() {
        try (KmsManager remote = remote("nobody-" + UUID.randomUUID(), "5s")) {
            ProviderHealth h = remote.health().provider("kms4j").orElseThrow();

            assertThat(h.status()).isEqualTo(ProviderHealth.Status.DOWN);
            assertThat(h.errorCode()).contains(KmsErrorCode.UNAVAILABLE);
        }
    }

    @Test
    void callsAfterCloseFailWithoutReachingTheServer() {
        RemoteProviderFactory factory = new RemoteProviderFactory(
                s -> new RemoteChannel(InProcessChannelBuilder.forName("nobody").build()), Clock.systemUTC());
        dev.kms4j.spi.KmsProvider provider = factory.create(ProviderConfig.of(Map.of("target", "localhost:1", "tls", "false")));
        provider.close();
        provider.close(); // idempotent

        assertThatThrownBy(() -> provider.metadata(KeyRef.of("kms4j", "local/k")))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.UNAVAILABLE));
    }

    private static KmsManager remote(String inProcessName, String timeout) {
        return KmsManager.builder().discovery(false)
                .factory(new RemoteProviderFactory(
                        s -> new RemoteChannel(InProcessChannelBuilder.forName(inProcessName).build()), Clock.systemUTC()))
                .enable("kms4j", ProviderConfig.of(Map.of("target", "localhost:1", "tls", "false", "timeout", timeout)))
                .build();
    }
}
