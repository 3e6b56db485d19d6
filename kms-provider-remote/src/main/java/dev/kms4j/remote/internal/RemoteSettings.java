package dev.kms4j.remote.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The remote provider's settings, resolved and validated once (see {@code docs/providers/remote.md}):
 * {@code target}, {@code tls}, {@code ca-cert}, {@code client-cert}, {@code client-key},
 * {@code authority}, {@code client-id}, {@code client-secret} and {@code timeout}.
 *
 * <p>Rules enforced here, so a bad configuration fails when the provider is created:
 * {@code client-cert} and {@code client-key} come together, and so do {@code client-id} and
 * {@code client-secret}; TLS files are only for TLS; and client credentials are never sent over
 * plain TCP to a host other than the loopback interface (a Unix socket is a local channel).
 *
 * <p><strong>Secret:</strong> the client secret. {@link #toString()} never shows it. Immutable
 * and thread-safe.
 */
public final class RemoteSettings {
    /** The per-call deadline when {@code timeout} is not set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final String UNIX_PREFIX = "unix:";

    private final String target;
    private final Path unixSocket;
    private final String host;
    private final int port;
    private final boolean tls;
    private final Path caCert;
    private final Path clientCert;
    private final Path clientKey;
    private final String authority;
    private final String clientId;
    private final String clientSecret;
    private final Duration timeout;

    private RemoteSettings(Builder b) {
        this.target = b.target;
        this.unixSocket = b.unixSocket;
        this.host = b.host;
        this.port = b.port;
        this.tls = b.tls;
        this.caCert = b.caCert;
        this.clientCert = b.clientCert;
        this.clientKey = b.clientKey;
        this.authority = b.authority;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.timeout = b.timeout;
    }

    /** Reads and checks the settings; {@code INVALID_ARGUMENT} naming the setting on any mistake. */
    public static RemoteSettings resolve(ProviderConfig config) {
        Builder b = new Builder();
        b.target = config.require("target", "KMS4J_TARGET").trim();
        parseTarget(b);
        b.tls = config.getBoolean("tls", b.unixSocket == null);
        b.caCert = path(config, "ca-cert");
        b.clientCert = path(config, "client-cert");
        b.clientKey = path(config, "client-key");
        b.authority = config.get("authority").map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        b.clientId = config.get("client-id", "KMS4J_CLIENT_ID").filter(s -> !s.isEmpty()).orElse(null);
        b.clientSecret = config.get("client-secret", "KMS4J_CLIENT_SECRET").filter(s -> !s.isEmpty()).orElse(null);
        b.timeout = config.getDuration("timeout").orElse(DEFAULT_TIMEOUT);
        if (b.timeout.isZero()) {
            throw invalid("setting 'timeout' must be positive");
        }
        if ((b.clientCert == null) != (b.clientKey == null)) {
            throw invalid("settings 'client-cert' and 'client-key' go together (mutual TLS needs both)");
        }
        if (!b.tls && (b.caCert != null || b.clientCert != null)) {
            throw invalid("settings 'ca-cert', 'client-cert' and 'client-key' need tls=true");
        }
        if ((b.clientId == null) != (b.clientSecret == null)) {
            throw invalid("settings 'client-id' and 'client-secret' go together");
        }
        if (b.clientId != null && !b.tls && b.unixSocket == null && !isLoopback(b.host)) {
            // A bearer token and a client secret in clear text on the network would be readable by
            // anyone on the path: refuse rather than warn.
            throw invalid("refusing to send client credentials over plain TCP to " + b.host
                    + "; use tls=true (or a Unix socket, or a loopback address)");
        }
        return new RemoteSettings(b);
    }

    private static void parseTarget(Builder b) {
        String t = b.target;
        if (t.startsWith(UNIX_PREFIX)) {
            String path = t.substring(UNIX_PREFIX.length());
            if (path.startsWith("//")) {
                path = path.substring(2); // unix:///run/kms.sock
            }
            if (path.isEmpty() || !path.startsWith("/")) {
                throw invalid("setting 'target' " + quote(t) + ": a Unix socket is unix:/absolute/path");
            }
            b.unixSocket = Path.of(path);
            return;
        }
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw invalid("setting 'target' " + quote(t) + ": expected host:port or unix:/path/to.sock");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1]:8443
        } else if (host.contains(":")) {
            throw invalid("setting 'target' " + quote(t) + ": write IPv6 addresses in brackets, [::1]:8443");
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw invalid("setting 'target' " + quote(t) + ": bad host");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw invalid("setting 'target' " + quote(t) + ": the port must be 1 to 65535");
        }
        b.host = host;
        b.port = port;
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    private static Path path(ProviderConfig config, String name) {
        return config.get(name).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).orElse(null);
    }

    private static KmsException invalid(String message) {
        return KmsException.builder(KmsErrorCode.INVALID_ARGUMENT, "kms4j remote provider: " + message)
                .provider(RemoteKeyIds.SCHEME).build();
    }

    private static String quote(String s) {
        String shown = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    /** The target as configured. */
    public String target() {
        return target;
    }

    /** The Unix socket, if the target is one. */
    public Optional<Path> unixSocket() {
        return Optional.ofNullable(unixSocket);
    }

    /** The TCP host (null for a Unix socket). */
    public String host() {
        return host;
    }

    /** The TCP port (0 for a Unix socket). */
    public int port() {
        return port;
    }

    /** Whether the channel uses TLS. */
    public boolean tls() {
        return tls;
    }

    /** The PEM file of the CA that signs the server's certificate, if not the JDK's trust store. */
    public Optional<Path> caCert() {
        return Optional.ofNullable(caCert);
    }

    /** The client certificate chain (PEM) for mutual TLS. */
    public Optional<Path> clientCert() {
        return Optional.ofNullable(clientCert);
    }

    /** The client's private key (PEM, PKCS#8) for mutual TLS. */
    public Optional<Path> clientKey() {
        return Optional.ofNullable(clientKey);
    }

    /** The authority (TLS server name and {@code :authority} header) override. */
    public Optional<String> authority() {
        return Optional.ofNullable(authority);
    }

    /** The client id, when the server wants client credentials. */
    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    /** The client secret. <strong>Secret.</strong> */
    public Optional<String> clientSecret() {
        return Optional.ofNullable(clientSecret);
    }

    /** The deadline of each call. */
    public Duration timeout() {
        return timeout;
    }

    /** Target, TLS, client id and timeout; never the secret. */
    @Override
    public String toString() {
        return "kms4j remote[target=" + target + ", tls=" + tls
                + (clientCert != null ? ", mtls" : "")
                + (clientId != null ? ", client-id=" + clientId : "")
                + ", timeout=" + timeout + "]";
    }

    private static final class Builder {
        private String target;
        private Path unixSocket;
        private String host;
        private int port;
        private boolean tls;
        private Path caCert;
        private Path clientCert;
        private Path clientKey;
        private String authority;
        private String clientId;
        private String clientSecret;
        private Duration timeout = DEFAULT_TIMEOUT;
    }
}
