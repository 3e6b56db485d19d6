package dev.kms4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kms4j.KmsManager;
import dev.kms4j.remote.protocol.v1.Empty;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The Unix-socket listener: 0600 socket file, directory checks, stale files, peer uid check, and a call. */
class UnixSocketTest {
    @TempDir
    Path dir;

    KmsManager kms;
    KmsServer server;
    EpollEventLoopGroup clientLoop;

    @BeforeEach
    void setUp() {
        assumeTrue(Epoll.isAvailable(), "Netty native epoll is unavailable here: Unix socket tests skipped");
        kms = TestKms.create();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (clientLoop != null) {
            clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (kms != null) {
            kms.close();
        }
    }

    private KmsServer start(Path socket) {
        server = KmsServer.builder(kms).service(new SignTestService(kms)).unixSocket(socket)
                .authenticationDisabled().gracePeriod(Duration.ZERO).build().start();
        return server;
    }

    private ManagedChannel channel(Path socket) {
        clientLoop = new EpollEventLoopGroup(1);
        return NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toFile()))
                .channelType(EpollDomainSocketChannel.class).eventLoopGroup(clientLoop)
                .withOption(ChannelOption.SO_KEEPALIVE, null).usePlaintext().build();
    }

    @Test
    void theSocketFileIsOwnerOnly() throws Exception {
        Path socket = dir.resolve("kms.sock");
        start(socket);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rw-------");
    }

    @Test
    void aCallOverTheSocketIsServed() {
        Path socket = dir.resolve("kms.sock");
        start(socket);
        ManagedChannel channel = channel(socket);
        try {
            assertThat(Clients.keys(channel, null).checkHealth(Empty.getDefaultInstance()).getStatus())
                    .isEqualTo("anonymous");
        } finally {
            Clients.close(channel);
        }
    }

    @Test
    void acceptingAConnectionLogsNoWarning() {
        // grpc sets SO_KEEPALIVE on accepted channels, which a Unix socket does not have: Netty
        // used to log a WARN for every connection.
        ch.qos.logback.classic.Logger netty = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.netty.bootstrap");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        netty.addAppender(logs);
        try {
            Path socket = dir.resolve("kms.sock");
            start(socket);
            ManagedChannel channel = channel(socket);
            try {
                Clients.keys(channel, null).checkHealth(Empty.getDefaultInstance());
            } finally {
                Clients.close(channel);
            }
        } finally {
            netty.detachAppender(logs);
        }

        assertThat(logs.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void theSocketFileIsRemovedAtShutdown() {
        Path socket = dir.resolve("kms.sock");
        start(socket).close();

        assertThat(socket).doesNotExist();
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Path socket = dir.resolve("kms.sock");
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();

        start(socket);

        assertThat(server.unixSocket()).contains(socket);
    }

    @Test
    void aLiveSocketIsNotTakenOver() throws Exception {
        Path socket = dir.resolve("kms.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socket));

            assertThatThrownBy(() -> start(socket)).hasMessageContaining("another server is listening");
        }
    }

    @Test
    void aRegularFileAtTheSocketPathIsNotRemoved() throws Exception {
        Path socket = Files.writeString(dir.resolve("kms.sock"), "precious");

        assertThatThrownBy(() -> start(socket)).hasMessageContaining("is not a socket");
        assertThat(socket).hasContent("precious");
    }

    @Test
    void aWorldWritableDirectoryIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> start(open.resolve("kms.sock"))).hasMessageContaining("world-writable");
    }

    @Test
    void aPeerWhoseUidIsNotAllowedIsDisconnected() {
        Path socket = dir.resolve("kms.sock");
        // Only a uid that is not ours: the server still adds its own uid, so use a negotiator directly.
        PeerCredentialsNegotiator onlyOthers = new PeerCredentialsNegotiator(Set.of(Integer.MAX_VALUE));
        server = KmsServer.builder(kms).service(new SignTestService(kms)).unixSocket(socket)
                .authenticationDisabled().gracePeriod(Duration.ZERO).peerNegotiatorForTest(onlyOthers).build().start();
        ManagedChannel channel = channel(socket);
        try {
            assertThatThrownBy(() -> Clients.keys(channel, null).checkHealth(Empty.getDefaultInstance()))
                    .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE));
        } finally {
            Clients.close(channel);
        }
    }
}
