package dev.kms4j.server.config;

import dev.kms4j.KeyRef;
import dev.kms4j.policy.KeyAccessPolicy;
import dev.kms4j.server.auth.AuthSettings;
import dev.kms4j.server.auth.ClientRecord;
import dev.kms4j.server.tls.TlsSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated server configuration, as read by {@link ServerConfigLoader}: listeners, TLS,
 * authentication, clients, the key access policy built from the roles, provider settings, audit
 * shutdown, and the seed-002 HTTP endpoints. See {@code docs/server.md} for the file format.
 *
 * <p>Immutable and thread-safe. Provider settings may hold resolved secrets (a keystore
 * passphrase): {@link #toString()} prints no setting values.
 */
public final class ServerConfig {
    /** The TCP listener: host, port (0 = any free port), and whether plain TCP (no TLS) was chosen explicitly. */
    public record TcpListener(String host, int port, boolean plaintext) {
    }

    /** The Unix socket listener and the extra peer uids allowed besides the server's own. */
    public record UnixListener(Path path, Set<Integer> allowedUids) {
    }

    /**
     * The Unix socket of the seed-002 HTTP endpoints: extra peer uids allowed besides the server's
     * own, and the roles every caller on it gets (its principal is {@code uid:<n>}).
     */
    public record HttpUnixListener(Path path, Set<Integer> allowedUids, Set<String> roles) {
        public HttpUnixListener {
            allowedUids = Set.copyOf(allowedUids);
            roles = Set.copyOf(roles);
        }
    }

    /**
     * The seed-002 HTTP/JSON endpoints ({@code http:}): their listeners (at least one), the KEK in
     * this server's KMS that wraps the per-thread DEKs, and the DEK store directory.
     */
    public record HttpSettings(Optional<TcpListener> tcp, Optional<HttpUnixListener> unixSocket, KeyRef kek,
            Path dekStore) {
    }

    private final TcpListener tcp;
    private final UnixListener unix;
    private final TlsSettings tls;
    private final AuthSettings auth;
    private final List<ClientRecord> clients;
    private final KeyAccessPolicy policy;
    private final Map<String, Map<String, String>> providers;
    private final Path auditFile;
    private final int auditSyncEvery;
    private final Duration gracePeriod;
    private final Duration healthInterval;
    private final HttpSettings http;
    private final InetSocketAddress metrics;

    ServerConfig(TcpListener tcp, UnixListener unix, TlsSettings tls, AuthSettings auth, List<ClientRecord> clients,
            KeyAccessPolicy policy, Map<String, Map<String, String>> providers, Path auditFile, int auditSyncEvery, Duration gracePeriod,
            Duration healthInterval, HttpSettings http, InetSocketAddress metrics) {
        this.tcp = tcp;
        this.unix = unix;
        this.tls = tls;
        this.auth = auth;
        this.clients = List.copyOf(clients);
        this.policy = policy;
        this.providers = Map.copyOf(providers);
        this.auditFile = auditFile;
        this.auditSyncEvery = auditSyncEvery;
        this.gracePeriod = gracePeriod;
        this.healthInterval = healthInterval;
        this.http = http;
        this.metrics = metrics;
    }

    /** Where the Prometheus scrape endpoint listens ({@code metrics:}), if configured. */
    public Optional<InetSocketAddress> metrics() {
        return Optional.ofNullable(metrics);
    }

    public Optional<TcpListener> tcp() {
        return Optional.ofNullable(tcp);
    }

    public Optional<UnixListener> unixSocket() {
        return Optional.ofNullable(unix);
    }

    /** TLS for TCP (gRPC and the HTTP endpoints); empty when neither listens on TCP with TLS. */
    public Optional<TlsSettings> tls() {
        return Optional.ofNullable(tls);
    }

    /** Authentication; empty when explicitly disabled (development). */
    public Optional<AuthSettings> auth() {
        return Optional.ofNullable(auth);
    }

    public List<ClientRecord> clients() {
        return clients;
    }

    /** The key access policy from the roles (plus the server's own rule for its token key). */
    public KeyAccessPolicy policy() {
        return policy;
    }

    /** Provider settings per scheme, with secret references resolved (secret values inside). */
    public Map<String, Map<String, String>> providers() {
        return providers;
    }

    public Optional<Path> auditFile() {
        return Optional.ofNullable(auditFile);
    }

    /**
     * After how many records the audit file is forced to disk ({@code audit.sync-every}, default 1:
     * every record is on disk before its call is answered). Concurrent calls share forces.
     */
    public int auditSyncEvery() {
        return auditSyncEvery;
    }

    public Duration gracePeriod() {
        return gracePeriod;
    }

    public Duration healthInterval() {
        return healthInterval;
    }

    /** The seed-002 HTTP endpoints; empty when the config has no {@code http:} section. */
    public Optional<HttpSettings> http() {
        return Optional.ofNullable(http);
    }

    @Override
    public String toString() {
        return "ServerConfig[tcp=" + tcp + ", unix=" + unix + ", tls=" + tls + ", auth=" + auth + ", clients="
                + clients.size() + ", providers=" + providers.keySet() + ", audit=" + auditFile + ", http=" + http + "]";
    }
}
