package dev.kms4j.server;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.server.auth.AuthInterceptor;
import dev.kms4j.server.auth.AuthSettings;
import dev.kms4j.server.auth.AuthenticationService;
import dev.kms4j.server.auth.ClientRateLimits;
import dev.kms4j.server.auth.ClientRegistry;
import dev.kms4j.server.auth.TokenIssuer;
import dev.kms4j.server.auth.TokenVerifier;
import dev.kms4j.server.tls.ServerTlsContexts;
import dev.kms4j.server.tls.TlsSettings;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kms4j server: serves gRPC services over an embedded {@link KmsManager} on TCP (TLS 1.3,
 * optionally mutual) and/or a Unix domain socket (owner-only socket file, peer uid check), with
 * the standard health service (following {@link KmsManager#health()}), server reflection, token
 * authentication ({@code Authentication/Authenticate} plus a bearer token on every other call),
 * per-client rate limits and graceful shutdown.
 *
 * <pre>{@code
 * try (KmsServer server = KmsServer.builder(kms)
 *         .service(new KeyManagementService(kms))
 *         .tcp(new InetSocketAddress("0.0.0.0", 7443), tls)
 *         .unixSocket(Path.of("/run/kms4j/kms.sock"))
 *         .authentication(authSettings, clients)
 *         .build().start()) {
 *     server.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Services are given by the caller, so any gRPC service (for example the KeyManagement service)
 * can be served; they find the authenticated caller in
 * {@link dev.kms4j.server.internal.AuthenticatedCaller#KEY}. Authorization (roles to key access
 * rules) lives in the {@link KmsManager}'s decorators, so every path into it is checked the same way.
 *
 * <p>{@link #close()} shuts down gracefully: health goes NOT_SERVING, listeners stop accepting,
 * in-flight calls get the grace period to finish, then the rest are cancelled.
 *
 * <p>Thread-safe. Holds no secrets itself (tokens and client secrets pass through, never logged).
 */
public final class KmsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KmsServer.class);

    private final Builder config;
    private final HealthStatusManager health = new HealthStatusManager();
    private final List<Server> servers = new ArrayList<>();
    private final List<EventLoopGroup> eventLoops = new ArrayList<>();
    private HealthReporter healthReporter;
    private Server tcpServer;
    private AuthInterceptor authInterceptor;
    private boolean started;
    private boolean closed;
    private volatile boolean stopping;

    private KmsServer(Builder config) {
        this.config = config;
    }

    /** Starts a builder for a server over {@code kms}. */
    public static Builder builder(KmsManager kms) {
        return new Builder(kms);
    }

    /**
     * Binds the listeners and starts serving.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} for an unusable socket path or TLS
     *     files, {@link KmsErrorCode#UNAVAILABLE} if a listener cannot bind
     */
    public synchronized KmsServer start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        try {
            List<ServerServiceDefinition> services = services();
            healthReporter = new HealthReporter(config.kms, health, config.healthInterval);
            if (config.tcpAddress != null) {
                tcpServer = startTcp(services);
            }
            if (config.unixSocket != null) {
                startUnix(services);
            }
        } catch (RuntimeException e) {
            stopNow();
            throw e;
        }
        LOG.info("kms4j server started: tcp={} tls={} mtls={} unixSocket={} auth={}",
                tcpPort().map(p -> config.tcpAddress.getHostString() + ":" + p).orElse("off"),
                config.tls != null, config.tls != null && config.tls.requireClientCert(),
                config.unixSocket == null ? "off" : config.unixSocket,
                config.authSettings != null ? "on" : "OFF");
        return this;
    }

    private List<ServerServiceDefinition> services() {
        List<ServerServiceDefinition> all = new ArrayList<>(config.services);
        if (config.authSettings != null) {
            TokenIssuer issuer = new TokenIssuer(config.kms, config.authSettings, config.clock);
            all.add(new AuthenticationService(config.clients, issuer, bindCn(),
                    config.authSettings.authenticateLimit()).bindService());
            // One verifier for every listener, so they share the cache of token-key public keys.
            TokenVerifier verifier = new TokenVerifier(config.kms, config.authSettings, config.clients, config.clock);
            authInterceptor = new AuthInterceptor(verifier, config.clients, config.rateLimits, bindCn());
        } else {
            LOG.warn("AUTHENTICATION IS OFF: every caller that can reach a listener can use every key the "
                    + "server's policy allows to anonymous callers. Use this for development only.");
        }
        return all;
    }

    private boolean bindCn() {
        return config.tls != null && config.tls.bindCommonNameToClientId();
    }

    private void addCommon(NettyServerBuilder b, List<ServerServiceDefinition> services) {
        for (ServerServiceDefinition s : services) {
            b.addService(s);
        }
        b.addService(health.getHealthService());
        b.addService(ProtoReflectionServiceV1.newInstance());
        if (authInterceptor != null) {
            b.intercept(authInterceptor);
        }
        b.maxInboundMessageSize(config.maxMessageBytes);
    }

    private Server startTcp(List<ServerServiceDefinition> services) {
        NettyServerBuilder b = NettyServerBuilder.forAddress(config.tcpAddress);
        if (config.tls != null) {
            b.sslContext(ServerTlsContexts.forServer(config.tls));
        } else {
            LOG.warn("TCP listener WITHOUT TLS: tokens and key material cross the network in clear. "
                    + "Configured explicitly; use it only on a trusted loopback or for development.");
        }
        addCommon(b, services);
        return bind(b.build(), "tcp " + config.tcpAddress);
    }

    private void startUnix(List<ServerServiceDefinition> services) {
        if (!Epoll.isAvailable()) {
            throw new KmsException(KmsErrorCode.UNSUPPORTED,
                    "listeners.unix-socket: Unix sockets need Linux with Netty's native epoll transport");
        }
        UnixSocketFiles.prepare(config.unixSocket);
        EpollEventLoopGroup boss = new EpollEventLoopGroup(1);
        EpollEventLoopGroup workers = new EpollEventLoopGroup();
        eventLoops.add(boss);
        eventLoops.add(workers);
        Set<Integer> uids = new LinkedHashSet<>(config.allowedPeerUids);
        uids.add(UnixSocketFiles.currentUid());
        NettyServerBuilder b = NettyServerBuilder.forAddress(new DomainSocketAddress(config.unixSocket.toFile()))
                .channelType(EpollServerDomainSocketChannel.class)
                // grpc sets SO_KEEPALIVE on every accepted channel; a Unix socket has no such option
                // and Netty logs a WARN per connection. A null value removes the option again.
                .withChildOption(ChannelOption.SO_KEEPALIVE, null)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .protocolNegotiator(config.peerNegotiator != null ? config.peerNegotiator : new PeerCredentialsNegotiator(uids));
        addCommon(b, services);
        bind(b.build(), "unix " + config.unixSocket);
        UnixSocketFiles.restrict(config.unixSocket);
    }

    private Server bind(Server server, String what) {
        try {
            server.start();
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.UNAVAILABLE, "cannot listen on " + what + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        servers.add(server);
        return server;
    }

    /** The bound TCP port (useful with port 0), if TCP is on and started. */
    public Optional<Integer> tcpPort() {
        return tcpServer == null ? Optional.empty() : Optional.of(tcpServer.getPort());
    }

    /** The Unix socket path, if configured. */
    public Optional<Path> unixSocket() {
        return Optional.ofNullable(config.unixSocket);
    }

    /** The client registry, for revocation and disabling at run time (empty with authentication off). */
    public Optional<ClientRegistry> clients() {
        return Optional.ofNullable(config.clients);
    }

    /** The embedded KMS. */
    public KmsManager kms() {
        return config.kms;
    }

    /** Whether {@link #close()} has begun (listeners no longer accept new calls). */
    public boolean isStopping() {
        return stopping;
    }

    /** Blocks until the server has shut down. */
    public void awaitTermination() throws InterruptedException {
        for (Server s : List.copyOf(servers)) {
            s.awaitTermination();
        }
    }

    /**
     * Graceful shutdown: NOT_SERVING, stop accepting, let in-flight calls finish within the grace
     * period, then cancel what is left; removes the socket file; closes the KMS if the server owns
     * it. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        LOG.info("kms4j server stopping: grace={}", config.gracePeriod);
        if (healthReporter != null) {
            healthReporter.close();
        }
        for (Server s : servers) {
            s.shutdown();
        }
        long deadline = System.nanoTime() + config.gracePeriod.toNanos();
        boolean interrupted = false;
        for (Server s : servers) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !s.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    LOG.warn("grace period over: cancelling in-flight calls");
                    s.shutdownNow();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                s.shutdownNow();
            }
        }
        stopNow();
        if (config.closeKms) {
            config.kms.close();
        }
        LOG.info("kms4j server stopped");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopNow() {
        for (Server s : servers) {
            s.shutdownNow();
            try {
                s.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (EventLoopGroup g : eventLoops) {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        eventLoops.clear();
        if (healthReporter != null) {
            healthReporter.close();
        }
        if (config.unixSocket != null && started) {
            UnixSocketFiles.remove(config.unixSocket);
        }
    }

    @Override
    public String toString() {
        return "KmsServer[tcp=" + tcpPort().orElse(null) + ", unix=" + config.unixSocket + "]";
    }

    /** Builds a {@link KmsServer}; invalid combinations fail at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final KmsManager kms;
        private final List<ServerServiceDefinition> services = new ArrayList<>();
        private InetSocketAddress tcpAddress;
        private TlsSettings tls;
        private boolean plaintextTcp;
        private Path unixSocket;
        private final Set<Integer> allowedPeerUids = new LinkedHashSet<>();
        private AuthSettings authSettings;
        private ClientRegistry clients;
        private boolean authenticationDisabled;
        private final ClientRateLimits rateLimits = new ClientRateLimits();
        private Duration gracePeriod = Duration.ofSeconds(30);
        private Duration healthInterval = Duration.ofSeconds(10);
        private int maxMessageBytes = 4 * 1024 * 1024;
        private Clock clock = Clock.systemUTC();
        private boolean closeKms;
        private PeerCredentialsNegotiator peerNegotiator;

        private Builder(KmsManager kms) {
            if (kms == null) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "a KmsManager is required");
            }
            this.kms = kms;
        }

        /** Serves {@code service}. */
        public Builder service(BindableService service) {
            services.add(service.bindService());
            return this;
        }

        /** Serves {@code service}. */
        public Builder service(ServerServiceDefinition service) {
            services.add(service);
            return this;
        }

        /** Listens on TCP with TLS. */
        public Builder tcp(InetSocketAddress address, TlsSettings tlsSettings) {
            this.tcpAddress = address;
            this.tls = tlsSettings;
            return this;
        }

        /** Listens on TCP WITHOUT TLS: an explicit choice, warned about at start. */
        public Builder plaintextTcp(InetSocketAddress address) {
            this.tcpAddress = address;
            this.tls = null;
            this.plaintextTcp = true;
            return this;
        }

        /** Listens on a Unix domain socket (Linux, epoll); the file is made 0600. */
        public Builder unixSocket(Path path) {
            this.unixSocket = path;
            return this;
        }

        /** Uids allowed to connect over the Unix socket, besides the server's own. */
        public Builder allowedPeerUids(Set<Integer> uids) {
            allowedPeerUids.addAll(uids);
            return this;
        }

        /** Turns token authentication on with these settings and clients. */
        public Builder authentication(AuthSettings settings, ClientRegistry registry) {
            this.authSettings = settings;
            this.clients = registry;
            return this;
        }

        /** Turns authentication off (development only; warned about loudly at start). */
        public Builder authenticationDisabled() {
            this.authenticationDisabled = true;
            return this;
        }

        /** How long in-flight calls may take to finish at shutdown (default 30 s). */
        public Builder gracePeriod(Duration value) {
            this.gracePeriod = value;
            return this;
        }

        /** How often health follows {@link KmsManager#health()} (default 10 s). */
        public Builder healthInterval(Duration value) {
            this.healthInterval = value;
            return this;
        }

        /** Largest request message accepted (default 4 MiB). */
        public Builder maxMessageBytes(int value) {
            this.maxMessageBytes = value;
            return this;
        }

        /** The clock for token issue and expiry (tests). */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Whether {@link KmsServer#close()} also closes the KMS (default false). */
        public Builder closeKmsOnClose(boolean value) {
            this.closeKms = value;
            return this;
        }

        /** Replaces the peer-credential check (tests: a uid set without the server's own uid). */
        Builder peerNegotiatorForTest(PeerCredentialsNegotiator negotiator) {
            this.peerNegotiator = negotiator;
            return this;
        }

        /**
         * Validates and builds (does not bind; call {@link KmsServer#start()}).
         *
         * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} naming what is missing or contradictory
         */
        public KmsServer build() {
            if (tcpAddress == null && unixSocket == null) {
                throw invalid("listeners: configure a TCP listener, a Unix socket, or both");
            }
            if (tcpAddress != null && tls == null && !plaintextTcp) {
                throw invalid("listeners.tcp: TLS settings are required (plain TCP must be enabled explicitly)");
            }
            if ((authSettings == null) == !authenticationDisabled) {
                throw invalid("auth: either configure authentication or disable it explicitly");
            }
            if (authSettings != null && clients == null) {
                throw invalid("auth: a client registry is required");
            }
            if (gracePeriod == null || gracePeriod.isNegative()) {
                throw invalid("shutdown.grace-period: must not be negative");
            }
            if (healthInterval == null || healthInterval.isNegative() || healthInterval.isZero()) {
                throw invalid("health.interval: must be positive");
            }
            if (maxMessageBytes <= 0) {
                throw invalid("max message size must be positive");
            }
            return new KmsServer(this);
        }

        private static KmsException invalid(String message) {
            return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
        }
    }
}
