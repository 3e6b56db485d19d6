package dev.kms4j.server.config;

import dev.kms4j.CallerContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.audit.AuditDecorator;
import dev.kms4j.audit.AuditSink;
import dev.kms4j.audit.HashChainedFileAuditSink;
import dev.kms4j.audit.Slf4jAuditSink;
import dev.kms4j.envelope.store.EntityEncryptor;
import dev.kms4j.envelope.store.FileDekStore;
import dev.kms4j.micrometer.MicrometerMetrics;
import dev.kms4j.server.KmsServer;
import dev.kms4j.server.auth.ClientRegistry;
import dev.kms4j.server.auth.ServerPrincipal;
import dev.kms4j.server.auth.TokenKeyGuard;
import dev.kms4j.server.grpc.KeyManagementService;
import dev.kms4j.server.http.Seed002HttpServer;
import dev.kms4j.server.metrics.GrpcCallMetrics;
import dev.kms4j.server.metrics.PrometheusEndpoint;
import dev.kms4j.server.tls.ServerTlsContexts;
import dev.kms4j.spi.ProviderDecorator;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server assembled from a {@link ServerConfig}: first the {@link KmsManager} (the configured
 * providers, decorated with the audit trail, the key access policy built from the roles, and the
 * {@link TokenKeyGuard}), then, given the gRPC services to serve over it, the {@link KmsServer},
 * and, with an {@code http:} section, the seed-002 HTTP endpoints next to it: a {@link FileDekStore},
 * an {@link EntityEncryptor} over {@link #kms()} (so audit and policy apply to every DEK operation)
 * and a {@link Seed002HttpServer} per listener. Their callers: {@code uid:<n>} on the Unix socket
 * (peer uid checked as for the gRPC socket), the client named by the certificate CN on TCP (mutual
 * TLS).
 *
 * <pre>{@code
 * try (ConfiguredServer s = ConfiguredServer.open(ServerConfigLoader.load(file))) {
 *     s.start(List.of(kms -> new KeyManagementService(kms))).awaitTermination();
 * }
 * }</pre>
 *
 * <p>Closing it drains the HTTP endpoints, closes the DEK store, stops the gRPC server gracefully,
 * then closes the KMS and the audit file. Thread-safe
 * for {@link #close()}; call {@link #start} once.
 */
public final class ConfiguredServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredServer.class);

    private final ServerConfig config;
    private final KmsManager kms;
    private final HashChainedFileAuditSink auditFile;
    /** Present when {@code metrics:} is configured. */
    private final PrometheusMeterRegistry metricsRegistry;
    private PrometheusEndpoint metricsEndpoint;
    private KmsServer server;
    private final List<Seed002HttpServer> httpServers = new ArrayList<>();
    private FileDekStore dekStore;
    private EntityEncryptor dekEncryptor;

    private ConfiguredServer(ServerConfig config, KmsManager kms, HashChainedFileAuditSink auditFile,
                             PrometheusMeterRegistry metricsRegistry) {
        this.config = config;
        this.kms = kms;
        this.auditFile = auditFile;
        this.metricsRegistry = metricsRegistry;
    }

    /**
     * Opens the providers and checks the token key.
     *
     * @throws KmsException if a provider cannot be opened, or the token key is missing or unusable
     */
    public static ConfiguredServer open(ServerConfig config) {
        return open(config, List.of());
    }

    /**
     * Like {@link #open(ServerConfig)}, with more decorators for the server's KMS, for example
     * {@code Resilience.withDefaults()} (kms-resilience4j) in front of cloud providers, or
     * {@code OpenTelemetryTracing}. Each goes to its own stage, as with
     * {@link KmsManager.Builder#decorate}.
     */
    public static ConfiguredServer open(ServerConfig config, List<ProviderDecorator> decorators) {
        HashChainedFileAuditSink file = config.auditFile()
                .map(f -> HashChainedFileAuditSink.builder(f).syncEvery(config.auditSyncEvery()).open()).orElse(null);
        AuditSink sink = file != null ? file : new Slf4jAuditSink();
        KmsManager.Builder b = KmsManager.builder();
        for (Map.Entry<String, Map<String, String>> p : config.providers().entrySet()) {
            b.enable(p.getKey(), ProviderConfig.of(p.getValue()));
        }
        PrometheusMeterRegistry registry = config.metrics().isPresent()
                ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
        if (registry != null) {
            b.decorate(MicrometerMetrics.of(registry));
        }
        for (ProviderDecorator d : decorators) {
            b.decorate(d);
        }
        b.decorate(AuditDecorator.builder().sink(sink).build());
        b.decorate(config.policy().asDecorator());
        config.auth().ifPresent(a -> b.decorate(new TokenKeyGuard(a.tokenKey())));
        KmsManager kms;
        try {
            kms = b.build();
        } catch (RuntimeException e) {
            if (file != null) {
                file.close();
            }
            throw e;
        }
        ConfiguredServer s = new ConfiguredServer(config, kms, file, registry);
        try {
            s.checkTokenKey();
            s.checkHttpKek();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void checkTokenKey() {
        if (config.auth().isEmpty()) {
            return;
        }
        try (CallerContext.Scope scope = CallerContext.open(ServerPrincipal.CALLER)) {
            KeyMetadata md = kms.metadata(config.auth().get().tokenKey());
            LOG.info("token key: key={} spec={} version={}", md.ref(), md.spec(), md.currentVersion().orElse("-"));
        } catch (KmsException e) {
            throw new KmsException(e.code() == KmsErrorCode.NOT_FOUND ? KmsErrorCode.INVALID_ARGUMENT : e.code(),
                    "server config: auth.token-key: cannot use " + config.auth().get().tokenKey() + " (" + e.code()
                    + "; create it first, e.g. an EC_P256 key)", e);
        }
    }

    private void checkHttpKek() {
        if (config.http().isEmpty()) {
            return;
        }
        try (CallerContext.Scope scope = CallerContext.open(ServerPrincipal.CALLER)) {
            KeyMetadata md = kms.metadata(config.http().get().kek());
            LOG.info("HTTP DEK KEK: key={} spec={}", md.ref(), md.spec());
        } catch (KmsException e) {
            throw new KmsException(e.code() == KmsErrorCode.NOT_FOUND ? KmsErrorCode.INVALID_ARGUMENT : e.code(),
                    "server config: http.kek: cannot use " + config.http().get().kek() + " (" + e.code()
                    + "; create it first, e.g. an AES_256 key)", e);
        }
    }

    /** The KMS the services should use (decorated with audit, policy and the token-key guard). */
    public KmsManager kms() {
        return kms;
    }

    /** The configuration this server was assembled from. */
    public ServerConfig config() {
        return config;
    }

    /** Builds and starts the server with the kms4j {@code KeyManagement} service over {@link #kms()}. */
    public KmsServer start() {
        return start(List.of(KeyManagementService::new));
    }

    /**
     * Builds and starts the server with the services made by {@code services} over {@link #kms()}.
     */
    public synchronized KmsServer start(List<Function<KmsManager, BindableService>> services) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        KmsServer.Builder b = KmsServer.builder(kms)
                .gracePeriod(config.gracePeriod())
                .healthInterval(config.healthInterval());
        for (Function<KmsManager, BindableService> f : services) {
            BindableService service = f.apply(kms);
            if (metricsRegistry != null) {
                b.service(ServerInterceptors.intercept(service, new GrpcCallMetrics(metricsRegistry)));
            } else {
                b.service(service);
            }
        }
        config.tcp().ifPresent(t -> {
            InetSocketAddress address = new InetSocketAddress(t.host(), t.port());
            if (t.plaintext()) {
                b.plaintextTcp(address);
            } else {
                b.tcp(address, config.tls().orElseThrow());
            }
        });
        config.unixSocket().ifPresent(u -> b.unixSocket(u.path()).allowedPeerUids(u.allowedUids()));
        if (config.auth().isPresent()) {
            b.authentication(config.auth().get(), ClientRegistry.of(config.clients()));
        } else {
            b.authenticationDisabled();
        }
        server = b.build().start();
        try {
            config.http().ifPresent(this::startHttp);
            config.metrics().ifPresent(address -> metricsEndpoint = PrometheusEndpoint.start(metricsRegistry, address));
        } catch (RuntimeException e) {
            try {
                closeMetrics();
                closeHttp();
                server.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            server = null;
            throw e;
        }
        return server;
    }

    private void startHttp(ServerConfig.HttpSettings http) {
        dekStore = FileDekStore.open(ownerOnlyDirectory(http.dekStore()));
        dekEncryptor = EntityEncryptor.builder(kms, http.kek(), dekStore).build();
        http.unixSocket().ifPresent(u -> {
            Set<Integer> uids = new LinkedHashSet<>(u.allowedUids());
            uids.add(currentUid());
            httpServers.add(httpBuilder().unixSocket(u.path())
                    .authenticator(new UnixPeerHttpAuthenticator(uids, u.roles())).build().start());
        });
        http.tcp().ifPresent(t -> {
            Seed002HttpServer.Builder b = httpBuilder().tcp(t.host(), t.port());
            if (t.plaintext()) {
                // Only with authentication off (the loader insists): callers are anonymous, as on gRPC.
                LOG.warn("HTTP endpoints on PLAIN TCP {}:{}: no TLS, no client identity; development only",
                        t.host(), t.port());
            } else {
                ClientRegistry clients = server.clients().orElseGet(() -> ClientRegistry.of(config.clients()));
                b.sslContext(ServerTlsContexts.forHttp(config.tls().orElseThrow()))
                        .authenticator(new ClientCertificateHttpAuthenticator(clients));
            }
            httpServers.add(b.build().start());
        });
    }

    private Seed002HttpServer.Builder httpBuilder() {
        return Seed002HttpServer.builder(dekEncryptor).drainTimeout(config.gracePeriod());
    }

    /** The DEK store directory is created owner-only (0700) if absent; an existing one is used as it is. */
    private static Path ownerOnlyDirectory(Path dir) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.toAbsolutePath().getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return dir;
        } catch (java.io.IOException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "server config: http.dek-store: cannot create "
                    + dir + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static int currentUid() {
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /** The bound TCP address of the HTTP endpoints (real port when 0 was configured), once started. */
    public synchronized Optional<InetSocketAddress> httpTcpAddress() {
        return httpServers.stream().map(Seed002HttpServer::tcpAddress).flatMap(Optional::stream).findFirst();
    }

    /** The Unix socket of the HTTP endpoints, once started. */
    public synchronized Optional<Path> httpUnixSocket() {
        return httpServers.stream().map(Seed002HttpServer::unixSocketPath).flatMap(Optional::stream).findFirst();
    }

    /** Drains the HTTP servers, then drops the encryptor's cache and closes the DEK store. */
    private void closeHttp() {
        try {
            for (Seed002HttpServer h : httpServers) {
                h.close();
            }
        } finally {
            httpServers.clear();
            try {
                if (dekEncryptor != null) {
                    dekEncryptor.close();
                }
            } finally {
                dekEncryptor = null;
                if (dekStore != null) {
                    FileDekStore store = dekStore;
                    dekStore = null;
                    store.close();
                }
            }
        }
    }

    /** The running server, once started. */
    public synchronized KmsServer server() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server;
    }

    /** Where the Prometheus scrape endpoint listens, once started with {@code metrics:} configured. */
    public synchronized Optional<InetSocketAddress> metricsAddress() {
        return metricsEndpoint == null ? Optional.empty() : Optional.of(metricsEndpoint.address());
    }

    private void closeMetrics() {
        if (metricsEndpoint != null) {
            metricsEndpoint.close();
            metricsEndpoint = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            closeMetrics();
            closeHttp();
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                closeKms();
            }
        }
    }

    private void closeKms() {
        try {
            kms.close();
        } finally {
            if (auditFile != null) {
                auditFile.close();
            }
        }
    }
}
