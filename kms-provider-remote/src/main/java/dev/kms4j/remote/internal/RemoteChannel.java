package dev.kms4j.remote.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * The gRPC channel to a kms4j server, and what it needs closed with it (the epoll event loop of a
 * Unix socket channel).
 *
 * <p>TCP channels use Netty's NIO transport; {@code unix:/path} targets use Netty's native epoll
 * transport (Linux only; elsewhere creating the provider fails with {@code UNSUPPORTED}). TLS is
 * TLS 1.3 only, trusting {@code ca-cert} (else the JDK's trust store), with the client certificate
 * and key for mutual TLS when set. gRPC's own retries are off: kms4j's resilience layer decides
 * what to retry, knowing which operations are safe to repeat.
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public final class RemoteChannel implements AutoCloseable {
    private static final long SHUTDOWN_WAIT_MILLIS = 5_000;

    private final ManagedChannel channel;
    private final EventLoopGroup eventLoop;

    /** Wraps a channel built elsewhere (the in-process channel of tests); closing shuts it down. */
    public RemoteChannel(ManagedChannel channel) {
        this(channel, null);
    }

    private RemoteChannel(ManagedChannel channel, EventLoopGroup eventLoop) {
        this.channel = channel;
        this.eventLoop = eventLoop;
    }

    /** Builds the channel for {@code settings}; {@code INVALID_ARGUMENT} for unreadable TLS files. */
    public static RemoteChannel open(RemoteSettings settings) {
        NettyChannelBuilder builder;
        EventLoopGroup eventLoop = null;
        if (settings.unixSocket().isPresent()) {
            if (!Epoll.isAvailable()) {
                throw KmsException.builder(KmsErrorCode.UNSUPPORTED, "kms4j remote provider: target "
                                + settings.target() + " is a Unix socket, which needs Netty's native epoll transport"
                                + " (Linux x86_64 or aarch64); it is not available here")
                        .provider(RemoteKeyIds.SCHEME).cause(Epoll.unavailabilityCause()).build();
            }
            eventLoop = new MultiThreadIoEventLoopGroup(1, daemonThreads(), EpollIoHandler.newFactory());
            builder = NettyChannelBuilder.forAddress(new DomainSocketAddress(settings.unixSocket().get().toString()))
                    .eventLoopGroup(eventLoop)
                    .channelType(EpollDomainSocketChannel.class)
                    // grpc sets SO_KEEPALIVE on every channel; a Unix socket has no such option and
                    // Netty logs a WARN per connection. A null value removes the option again.
                    .withOption(ChannelOption.SO_KEEPALIVE, null)
                    // A socket path is no host name: name the server "localhost" unless told otherwise.
                    .overrideAuthority(settings.authority().orElse("localhost"));
        } else {
            builder = NettyChannelBuilder.forAddress(settings.host(), settings.port());
            settings.authority().ifPresent(builder::overrideAuthority);
        }
        try {
            if (settings.tls()) {
                builder.sslContext(sslContext(settings)).useTransportSecurity();
            } else {
                builder.usePlaintext();
            }
            builder.disableRetry();
            return new RemoteChannel(builder.build(), eventLoop);
        } catch (RuntimeException e) {
            if (eventLoop != null) {
                eventLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
            throw e;
        }
    }

    private static SslContext sslContext(RemoteSettings settings) {
        try {
            SslContextBuilder ssl = GrpcSslContexts.forClient().protocols("TLSv1.3");
            if (settings.caCert().isPresent()) {
                ssl.trustManager(settings.caCert().get().toFile());
            }
            if (settings.clientCert().isPresent()) {
                ssl.keyManager(settings.clientCert().get().toFile(), settings.clientKey().get().toFile());
            }
            return ssl.build();
        } catch (SSLException | IllegalArgumentException e) {
            // Name the files, never their contents; the cause's message is Netty's own.
            throw KmsException.builder(KmsErrorCode.INVALID_ARGUMENT, "kms4j remote provider: cannot set up TLS from"
                            + " ca-cert=" + settings.caCert().orElse(null)
                            + ", client-cert=" + settings.clientCert().orElse(null)
                            + ", client-key=" + settings.clientKey().orElse(null)
                            + " (" + e.getClass().getSimpleName() + "; PEM files expected, the key in PKCS#8)")
                    .provider(RemoteKeyIds.SCHEME).cause(e).build();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "kms4j-remote-epoll-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The channel. */
    public ManagedChannel channel() {
        return channel;
    }

    /** Shuts the channel down, letting calls in flight finish for up to five seconds. */
    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            if (eventLoop != null) {
                eventLoop.shutdownGracefully(0, SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }
}
