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
import dev.kms4j.server.KmsServer;
import dev.kms4j.server.auth.ClientRegistry;
import dev.kms4j.server.auth.ServerPrincipal;
import dev.kms4j.server.auth.TokenKeyGuard;
import dev.kms4j.server.grpc.KeyManagementService;
import io.grpc.BindableService;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server assembled from a {@link ServerConfig}: first the {@link KmsManager} (the configured
 * providers, decorated with the audit trail, the key access policy built from the roles, and the
 * {@link TokenKeyGuard}), then, given the gRPC services to serve over it, the {@link KmsServer}.
 *
 * <pre>{@code
 * try (ConfiguredServer s = ConfiguredServer.open(ServerConfigLoader.load(file))) {
 *     s.start(List.of(kms -> new KeyManagementService(kms))).awaitTermination();
 * }
 * }</pre>
 *
 * <p>Closing it stops the server gracefully, then closes the KMS and the audit file. Thread-safe
 * for {@link #close()}; call {@link #start} once.
 */
public final class ConfiguredServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredServer.class);

    private final ServerConfig config;
    private final KmsManager kms;
    private final HashChainedFileAuditSink auditFile;
    private KmsServer server;

    private ConfiguredServer(ServerConfig config, KmsManager kms, HashChainedFileAuditSink auditFile) {
        this.config = config;
        this.kms = kms;
        this.auditFile = auditFile;
    }

    /**
     * Opens the providers and checks the token key.
     *
     * @throws KmsException if a provider cannot be opened, or the token key is missing or unusable
     */
    public static ConfiguredServer open(ServerConfig config) {
        HashChainedFileAuditSink file = config.auditFile().map(HashChainedFileAuditSink::open).orElse(null);
        AuditSink sink = file != null ? file : new Slf4jAuditSink();
        KmsManager.Builder b = KmsManager.builder();
        for (Map.Entry<String, Map<String, String>> p : config.providers().entrySet()) {
            b.enable(p.getKey(), ProviderConfig.of(p.getValue()));
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
        ConfiguredServer s = new ConfiguredServer(config, kms, file);
        try {
            s.checkTokenKey();
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
            b.service(f.apply(kms));
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
        return server;
    }

    /** The running server, once started. */
    public synchronized KmsServer server() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server;
    }

    @Override
    public synchronized void close() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            try {
                kms.close();
            } finally {
                if (auditFile != null) {
                    auditFile.close();
                }
            }
        }
    }
}
