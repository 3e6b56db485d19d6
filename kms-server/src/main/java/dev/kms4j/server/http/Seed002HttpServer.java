package dev.kms4j.server.http;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.envelope.store.EntityEncryptor;
import dev.kms4j.server.http.internal.BodyLimitAggregator;
import dev.kms4j.server.http.internal.RequestGate;
import dev.kms4j.server.http.internal.Seed002ChannelHandler;
import dev.kms4j.server.http.internal.Seed002Endpoints;
import dev.kms4j.server.http.internal.UnixSocketFiles;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed-002 HTTP/JSON KMS endpoints ({@code /create_dek_for_thread}, {@code /encrypt},
 * {@code /decrypt}, {@code /get_wrapped}), served by Netty over HTTP/1.1 with keep-alive, on TCP
 * (optionally TLS) and/or a Unix domain socket, backed by an {@link EntityEncryptor} (one DEK per
 * thread, kept wrapped in its DEK store). The seed's clients work unchanged.
 *
 * <pre>{@code
 * try (Seed002HttpServer http = Seed002HttpServer.builder(encryptor)
 *         .unixSocket(Path.of("/run/kms/kms.sock"))
 *         .tcp("127.0.0.1", 8470)
 *         .build()
 *         .start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Security: the Unix socket file is created with mode 0600 (never wider, not even for a
 * moment); TCP listens on loopback unless told otherwise and uses TLS when given an
 * {@link SslContext}; with an {@link HttpAuthenticator} every request is authenticated first and
 * runs inside {@link dev.kms4j.CallerContext} with its caller (audit and key access policy see it).
 * Bodies are never logged; decoded plaintext and ciphertext are zeroed after use. Without an
 * authenticator anyone who can reach the socket can use every thread's DEK: protect it.
 *
 * <p>{@link #close()} drains: it stops accepting, answers new requests on open connections with
 * 503, waits up to the drain timeout for admitted requests to be answered, then closes every
 * connection. It does not close the {@link EntityEncryptor}.
 *
 * <p>Thread-safe. Build with {@link #builder}; {@link #start()} once.
 */
public final class Seed002HttpServer implements AutoCloseable {
    /** The largest plaintext the default body limit admits: 4 MiB. */
    public static final int DEFAULT_MAX_PLAINTEXT_BYTES = 4 * 1024 * 1024;
    /**
     * The default body limit: 4 MiB of plaintext in base64 (4/3) plus 16 KiB for the JSON, the key
     * id and the ciphertext's overhead.
     */
    public static final int DEFAULT_MAX_BODY_BYTES = (DEFAULT_MAX_PLAINTEXT_BYTES + 2) / 3 * 4 + 16 * 1024;
    /** Default limit on requests in flight over all connections. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;
    /** Default time {@link #close()} waits for requests in flight. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(Seed002HttpServer.class);
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final Builder config;
    private final Seed002Endpoints endpoints;
    private final RequestGate gate;
    private final ChannelGroup channels = new DefaultChannelGroup("kms4j-seed002-http", GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private final List<EventLoopGroup> groups = new ArrayList<>();
    private ExecutorService workers;
    private InetSocketAddress tcpAddress;
    private Object socketFileKey;
    private boolean started;
    private boolean closed;

    private Seed002HttpServer(Builder b) {
        this.config = b;
        this.endpoints = new Seed002Endpoints(b.encryptor);
        this.gate = new RequestGate(b.maxConcurrentRequests);
    }

    /** Starts a builder serving {@code encryptor}'s DEKs. */
    public static Builder builder(EntityEncryptor encryptor) {
        return new Builder(encryptor);
    }

    /**
     * Binds the configured listeners and starts serving. If any listener fails to bind, the
     * others are closed again.
     *
     * @return this server
     * @throws KmsException {@link KmsErrorCode#UNAVAILABLE} if a listener cannot bind (port in
     *     use, another server on the socket); {@link KmsErrorCode#UNSUPPORTED} for a Unix socket
     *     where native epoll is not available; {@link KmsErrorCode#INVALID_KEY_STATE} if started
     *     twice or after close
     */
    public synchronized Seed002HttpServer start() {
        if (started || closed) {
            throw new KmsException(KmsErrorCode.INVALID_KEY_STATE, "the HTTP server was already started");
        }
        started = true;
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(config.workerThreads, config.workerThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "kms4j-http-worker-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        workers = pool;
        try {
            if (config.tcpHost != null) {
                bindTcp();
            }
            if (config.unixSocket != null) {
                bindUnix();
            }
        } catch (RuntimeException e) {
            shutdownNow();
            throw e;
        }
        return this;
    }

    private void bindTcp() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.ioThreads, NioIoHandler.newFactory());
        groups.add(group);
        HttpRequestMetadata.Transport transport = config.sslContext == null
                ? HttpRequestMetadata.Transport.TCP : HttpRequestMetadata.Transport.TLS;
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(initializer(transport));
        try {
            Channel channel = bootstrap.bind(config.tcpHost, config.tcpPort).sync().channel();
            listeners.add(channel);
            tcpAddress = (InetSocketAddress) channel.localAddress();
            LOG.info("seed-002 HTTP endpoints listening on {}{}", tcpAddress, config.sslContext == null ? "" : " (TLS)");
        } catch (Exception e) {
            throw new KmsException(KmsErrorCode.UNAVAILABLE, "cannot listen on " + config.tcpHost + ":" + config.tcpPort, e);
        }
    }

    private void bindUnix() {
        if (!Epoll.isAvailable()) {
            throw new KmsException(KmsErrorCode.UNSUPPORTED, "Unix domain sockets need Netty's native epoll transport,"
                    + " which is not available here: " + Epoll.unavailabilityCause());
        }
        Path path = config.unixSocket;
        UnixSocketFiles.clearStale(path);
        Path temporary = UnixSocketFiles.temporarySibling(path);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.ioThreads, EpollIoHandler.newFactory());
        groups.add(group);
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childHandler(initializer(HttpRequestMetadata.Transport.UNIX));
        try {
            listeners.add(bootstrap.bind(new DomainSocketAddress(temporary.toString())).sync().channel());
        } catch (Exception e) {
            throw new KmsException(KmsErrorCode.UNAVAILABLE, "cannot listen on the Unix socket " + path, e);
        }
        socketFileKey = UnixSocketFiles.publish(temporary, path);
        LOG.info("seed-002 HTTP endpoints listening on Unix socket {} (mode 0600)", path);
    }

    private ChannelInitializer<Channel> initializer(HttpRequestMetadata.Transport transport) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                channels.add(ch);
                ChannelPipeline p = ch.pipeline();
                if (transport == HttpRequestMetadata.Transport.TLS) {
                    p.addLast("tls", config.sslContext.newHandler(ch.alloc()));
                }
                p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192));
                p.addLast("aggregate", new BodyLimitAggregator(config.maxBodyBytes));
                p.addLast("seed002", new Seed002ChannelHandler(endpoints, config.authenticator, gate, workers, transport));
            }
        };
    }

    /** The bound TCP address (with the real port when 0 was asked for), if TCP is configured and started. */
    public synchronized Optional<InetSocketAddress> tcpAddress() {
        return Optional.ofNullable(tcpAddress);
    }

    /** The Unix socket path, if one is configured. */
    public Optional<Path> unixSocketPath() {
        return Optional.ofNullable(config.unixSocket);
    }

    /** Requests admitted and not yet answered. */
    public int requestsInFlight() {
        return gate.inFlight();
    }

    /**
     * Stops gracefully: stops accepting connections, answers new requests with 503, waits up to the
     * drain timeout for requests in flight, then closes every connection and thread. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        gate.startDraining();
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
        if (config.unixSocket != null && socketFileKey != null) {
            UnixSocketFiles.deleteIfSame(config.unixSocket, socketFileKey);
        }
        try {
            if (!gate.awaitIdle(config.drainTimeout)) {
                LOG.warn("closing the HTTP server with {} requests still in flight after {}", gate.inFlight(),
                        config.drainTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdownNow();
        LOG.info("seed-002 HTTP endpoints stopped");
    }

    private void shutdownNow() {
        channels.close().awaitUninterruptibly();
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
        for (EventLoopGroup group : groups) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    @Override
    public String toString() {
        return "Seed002HttpServer[tcp=" + (config.tcpHost == null ? "off" : config.tcpHost + ":" + config.tcpPort)
                + ", unix=" + (config.unixSocket == null ? "off" : config.unixSocket)
                + ", tls=" + (config.sslContext != null) + ", authenticated=" + (config.authenticator != null) + "]";
    }

    /** Configures a {@link Seed002HttpServer}; checked at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final EntityEncryptor encryptor;
        private String tcpHost;
        private int tcpPort;
        private Path unixSocket;
        private SslContext sslContext;
        private HttpAuthenticator authenticator;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private int workerThreads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        private int ioThreads = 1;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

        private Builder(EntityEncryptor encryptor) {
            this.encryptor = encryptor;
        }

        /** Listens on TCP at the loopback address, {@code port} (0: any free port). */
        public Builder tcp(int port) {
            return tcp("127.0.0.1", port);
        }

        /** Listens on TCP at {@code host}:{@code port} (0: any free port). */
        public Builder tcp(String host, int port) {
            this.tcpHost = host;
            this.tcpPort = port;
            return this;
        }

        /** Listens on a Unix domain socket at {@code path} (created with mode 0600; Linux only). */
        public Builder unixSocket(Path path) {
            this.unixSocket = path;
            return this;
        }

        /** Serves TCP over TLS with this server-side context (for mutual TLS, one requiring client certificates). */
        public Builder sslContext(SslContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** Authenticates every request (default: none, every request is served without a caller). */
        public Builder authenticator(HttpAuthenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /** The largest request body accepted; larger ones get 413 (default {@value #DEFAULT_MAX_BODY_BYTES}). */
        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** Requests in flight over all connections; more get 429 (default {@value #DEFAULT_MAX_CONCURRENT_REQUESTS}). */
        public Builder maxConcurrentRequests(int maxConcurrentRequests) {
            this.maxConcurrentRequests = maxConcurrentRequests;
            return this;
        }

        /** Threads running the endpoints (they block on the KMS and the DEK store). */
        public Builder workerThreads(int workerThreads) {
            this.workerThreads = workerThreads;
            return this;
        }

        /** Netty I/O threads per listener (default 1). */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        /** How long {@link Seed002HttpServer#close()} waits for requests in flight. */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
            return this;
        }

        /**
         * Builds the (not yet started) server.
         *
         * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} for no encryptor, no listener,
         *     a client-side SSL context, or a non-positive limit
         */
        public Seed002HttpServer build() {
            if (encryptor == null) {
                throw invalid("an entity encryptor is required");
            }
            if (tcpHost == null && unixSocket == null) {
                throw invalid("configure a TCP address, a Unix socket path, or both");
            }
            if (tcpHost != null && (tcpHost.isBlank() || tcpPort < 0 || tcpPort > 65535)) {
                throw invalid("invalid TCP address " + tcpHost + ":" + tcpPort);
            }
            if (sslContext != null && !sslContext.isServer()) {
                throw invalid("the SSL context must be a server context");
            }
            if (sslContext != null && tcpHost == null) {
                throw invalid("an SSL context applies to TCP, but no TCP address is configured");
            }
            if (maxBodyBytes < 1 || maxConcurrentRequests < 1 || workerThreads < 1 || ioThreads < 1) {
                throw invalid("body size, concurrency, worker and I/O thread limits must be at least 1");
            }
            if (drainTimeout == null || drainTimeout.isNegative()) {
                throw invalid("the drain timeout must not be negative");
            }
            return new Seed002HttpServer(this);
        }

        private static KmsException invalid(String message) {
            return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
        }
    }
}
