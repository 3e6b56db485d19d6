package dev.kms4j.server.config;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsOperation;
import dev.kms4j.policy.KeyAccessPolicy;
import dev.kms4j.server.auth.AuthSettings;
import dev.kms4j.server.auth.ClientRecord;
import dev.kms4j.server.auth.SecretHash;
import dev.kms4j.server.auth.ServerPrincipal;
import dev.kms4j.server.tls.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the server's YAML configuration file, applies environment overrides, resolves secret
 * references and validates everything into a {@link ServerConfig}.
 *
 * <p>The YAML is read with SnakeYAML's {@link SafeConstructor}: only maps, lists and scalars, never
 * arbitrary Java objects. Unknown settings are errors (a typo must not silently fall back to a
 * default). Any problem is one {@link KmsException} ({@link KmsErrorCode#INVALID_ARGUMENT}) whose
 * message names the field, never a secret value.
 *
 * <p>Environment overrides (applied over the file): {@value #ENV_PREFIX}TCP_HOST, TCP_PORT,
 * TCP_PLAINTEXT, UNIX_SOCKET, TLS_ENABLED, TLS_CERT, TLS_KEY, TLS_CLIENT_CA, AUTH_ENABLED,
 * TOKEN_KEY, TOKEN_TTL, AUDIT_FILE, SHUTDOWN_GRACE, HTTP_TCP_HOST, HTTP_TCP_PORT, HTTP_TCP_PLAINTEXT,
 * HTTP_UNIX_SOCKET, HTTP_KEK, HTTP_DEK_STORE (see {@link #ENV_OVERRIDES}).
 *
 * <p>Stateless and thread-safe.
 */
public final class ServerConfigLoader {
    /** Prefix of the environment overrides. */
    public static final String ENV_PREFIX = "KMS4J_SERVER_";
    /** Environment variable to the dotted setting it overrides. */
    public static final Map<String, String> ENV_OVERRIDES = envOverrides();

    private static final int MAX_CONFIG_BYTES = 1024 * 1024;

    private ServerConfigLoader() {
    }

    private static Map<String, String> envOverrides() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ENV_PREFIX + "TCP_HOST", "listeners.tcp.host");
        m.put(ENV_PREFIX + "TCP_PORT", "listeners.tcp.port");
        m.put(ENV_PREFIX + "TCP_PLAINTEXT", "listeners.tcp.plaintext");
        m.put(ENV_PREFIX + "UNIX_SOCKET", "listeners.unix-socket.path");
        m.put(ENV_PREFIX + "TLS_ENABLED", "tls.enabled");
        m.put(ENV_PREFIX + "TLS_CERT", "tls.cert");
        m.put(ENV_PREFIX + "TLS_KEY", "tls.key");
        m.put(ENV_PREFIX + "TLS_CLIENT_CA", "tls.client-ca");
        m.put(ENV_PREFIX + "AUTH_ENABLED", "auth.enabled");
        m.put(ENV_PREFIX + "TOKEN_KEY", "auth.token-key");
        m.put(ENV_PREFIX + "TOKEN_TTL", "auth.token-ttl");
        m.put(ENV_PREFIX + "AUDIT_FILE", "audit.file");
        m.put(ENV_PREFIX + "AUDIT_SYNC_EVERY", "audit.sync-every");
        m.put(ENV_PREFIX + "SHUTDOWN_GRACE", "shutdown.grace-period");
        m.put(ENV_PREFIX + "METRICS_HOST", "metrics.host");
        m.put(ENV_PREFIX + "METRICS_PORT", "metrics.port");
        m.put(ENV_PREFIX + "HTTP_TCP_HOST", "http.tcp.host");
        m.put(ENV_PREFIX + "HTTP_TCP_PORT", "http.tcp.port");
        m.put(ENV_PREFIX + "HTTP_TCP_PLAINTEXT", "http.tcp.plaintext");
        m.put(ENV_PREFIX + "HTTP_UNIX_SOCKET", "http.unix-socket.path");
        m.put(ENV_PREFIX + "HTTP_KEK", "http.kek");
        m.put(ENV_PREFIX + "HTTP_DEK_STORE", "http.dek-store");
        return Map.copyOf(m);
    }

    /** Loads {@code file} with the process environment. */
    public static ServerConfig load(Path file) {
        return load(file, System.getenv());
    }

    /** Loads {@code file} with {@code environment} for overrides and {@code env:} references. */
    public static ServerConfig load(Path file, Map<String, String> environment) {
        String text;
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "server config " + file + " is larger than 1 MiB");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "cannot read server config " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, environment, base);
    }

    /**
     * Parses configuration text. Relative paths in it are resolved against {@code baseDirectory}.
     */
    public static ServerConfig parse(String yamlText, Map<String, String> environment, Path baseDirectory) {
        Object tree;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            tree = new Yaml(new SafeConstructor(options)).load(yamlText);
        } catch (YAMLException e) {
            String where = e.getMessage() == null ? "" : e.getMessage().lines().filter(l -> l.contains("line"))
                    .findFirst().orElse("").trim();
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "server config: not valid YAML " + where);
        }
        if (tree != null && !(tree instanceof Map)) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "server config: the top level must be a mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = tree == null ? new LinkedHashMap<>() : (Map<String, Object>) deepCopy(tree);
        applyOverrides(root, environment);
        return new Binder(environment, baseDirectory).bind(ConfigNode.asNode("", root));
    }

    /** A mutable copy of the parsed tree, so that overrides can be applied before binding. */
    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object v) {
        if (v instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            ((Map<Object, Object>) v).forEach((k, x) -> m.put(k, deepCopy(x)));
            return m;
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            ((List<Object>) v).forEach(x -> l.add(deepCopy(x)));
            return l;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static void applyOverrides(Map<String, Object> root, Map<String, String> environment) {
        for (Map.Entry<String, String> e : ENV_OVERRIDES.entrySet()) {
            String value = environment.get(e.getKey());
            if (value == null || value.isEmpty()) {
                continue;
            }
            String[] parts = e.getValue().split("\\.");
            Map<String, Object> current = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Object next = current.get(parts[i]);
                if (!(next instanceof Map)) {
                    next = new LinkedHashMap<String, Object>();
                    current.put(parts[i], next);
                }
                current = (Map<String, Object>) next;
            }
            current.put(parts[parts.length - 1], value);
        }
    }

    /** Turns the tree into a {@link ServerConfig}. */
    private static final class Binder {
        private final SecretReferences secrets;
        private final Path base;

        Binder(Map<String, String> environment, Path base) {
            this.secrets = new SecretReferences(environment);
            this.base = base;
        }

        ServerConfig bind(ConfigNode root) {
            root.allowOnly("listeners", "tls", "auth", "clients", "roles", "providers", "audit", "shutdown", "health",
                    "http", "metrics");
            ConfigNode listeners = root.node("listeners").orElseThrow(
                    () -> ConfigNode.error("listeners", "is required (tcp, unix-socket or both)"));
            listeners.allowOnly("tcp", "unix-socket");
            ServerConfig.TcpListener tcp = listeners.node("tcp").map(this::tcp).orElse(null);
            ServerConfig.UnixListener unix = listeners.node("unix-socket").map(this::unix).orElse(null);
            if (tcp == null && unix == null) {
                throw ConfigNode.error("listeners", "configure tcp, unix-socket or both");
            }
            TlsSettings tls = root.node("tls").map(this::tls).orElse(null);
            if (tcp != null && tls == null && !tcp.plaintext()) {
                throw ConfigNode.error("tls", "is required for the TCP listener (or set listeners.tcp.plaintext: true "
                        + "to run plain TCP, for development only)");
            }
            if (tcp != null && tls != null && tcp.plaintext()) {
                throw ConfigNode.error("listeners.tcp.plaintext", "is true but TLS is configured; choose one");
            }
            ConfigNode authNode = root.node("auth").orElseThrow(
                    () -> ConfigNode.error("auth", "is required (set auth.enabled: false explicitly to run without)"));
            AuthSettings auth = auth(authNode);
            Map<String, List<String>> roles = roles(root.node("roles").orElse(new ConfigNode("roles", Map.of())));
            List<String> anonymousRoles = new ArrayList<>();
            for (Object o : authNode.list("anonymous-roles")) {
                String role = String.valueOf(o);
                if (!roles.containsKey(role)) {
                    throw ConfigNode.error(authNode.field("anonymous-roles"), "role '" + role + "' is not defined under roles");
                }
                anonymousRoles.add(role);
            }
            List<ClientRecord> clients = clients(root, roles.keySet());
            if (auth != null && clients.isEmpty()) {
                throw ConfigNode.error("clients", "authentication is on but no client is configured");
            }
            ServerConfig.HttpSettings http = root.node("http").map(n -> http(n, roles.keySet())).orElse(null);
            boolean httpTls = http != null && http.tcp().isPresent() && !http.tcp().get().plaintext();
            if (httpTls && (tls == null || tls.clientCa().isEmpty())) {
                throw ConfigNode.error("http.tcp", "needs the tls section with a client-ca: the HTTP endpoints on TCP "
                        + "always use mutual TLS (or set http.tcp.plaintext: true, for development only)");
            }
            if (http != null && http.tcp().isPresent() && http.tcp().get().plaintext()) {
                if (tls != null) {
                    throw ConfigNode.error("http.tcp.plaintext", "is true but TLS is configured; choose one");
                }
                if (auth != null) {
                    throw ConfigNode.error("http.tcp.plaintext", "plain TCP carries no client identity, so it needs "
                            + "auth.enabled: false (development only); use mutual TLS otherwise");
                }
            }
            KeyAccessPolicy policy = policy(roles, auth, http, anonymousRoles);
            Map<String, Map<String, String>> providers = providers(root.node("providers").orElseThrow(
                    () -> ConfigNode.error("providers", "is required (at least one provider scheme)")));
            if (auth != null && !providers.containsKey(auth.tokenKey().scheme())) {
                throw ConfigNode.error("auth.token-key", "its scheme '" + auth.tokenKey().scheme()
                        + "' is not among the configured providers");
            }
            if (http != null && !providers.containsKey(http.kek().scheme())) {
                throw ConfigNode.error("http.kek", "its scheme '" + http.kek().scheme()
                        + "' is not among the configured providers");
            }
            Path audit = root.node("audit").map(n -> {
                n.allowOnly("file", "sync-every");
                return n.string("file").map(this::path).orElse(null);
            }).orElse(null);
            int auditSyncEvery = root.node("audit").flatMap(n -> n.integer("sync-every")).orElse(1);
            if (auditSyncEvery < 1) {
                throw ConfigNode.error("audit.sync-every", "must be at least 1");
            }
            Duration grace = root.node("shutdown").map(n -> {
                n.allowOnly("grace-period");
                return n.duration("grace-period").orElse(null);
            }).orElse(Duration.ofSeconds(30));
            if (grace == null || grace.isNegative()) {
                throw ConfigNode.error("shutdown.grace-period", "must not be negative");
            }
            Duration health = root.node("health").map(n -> {
                n.allowOnly("interval");
                return n.duration("interval").orElse(null);
            }).orElse(Duration.ofSeconds(10));
            if (health == null || health.isZero() || health.isNegative()) {
                throw ConfigNode.error("health.interval", "must be positive");
            }
            InetSocketAddress metrics = root.node("metrics").map(this::metrics).orElse(null);
            return new ServerConfig(tcp, unix, tcp == null && !httpTls ? null : tls, auth, clients,
                    policy, providers, audit, auditSyncEvery, grace, health, http, metrics);
        }

        private ServerConfig.HttpSettings http(ConfigNode n, Set<String> roleNames) {
            n.allowOnly("tcp", "unix-socket", "kek", "dek-store");
            ServerConfig.TcpListener tcp = n.node("tcp").map(this::tcp).orElse(null);
            ServerConfig.HttpUnixListener unix = n.node("unix-socket").map(u -> {
                u.allowOnly("path", "allowed-uids", "roles");
                ServerConfig.UnixListener l = unixListener(u);
                Set<String> roles = u.stringSet("roles");
                for (String r : roles) {
                    if (!roleNames.contains(r)) {
                        throw ConfigNode.error(u.field("roles"), "role '" + r + "' is not defined under roles");
                    }
                }
                return new ServerConfig.HttpUnixListener(l.path(), l.allowedUids(), roles);
            }).orElse(null);
            if (tcp == null && unix == null) {
                throw ConfigNode.error("http", "configure tcp, unix-socket or both");
            }
            KeyRef kek;
            try {
                kek = KeyRef.parse(n.requireString("kek"));
            } catch (KmsException e) {
                throw e.getMessage().startsWith("server config:") ? e
                        : ConfigNode.error(n.field("kek"), "not a key URI (" + e.getMessage() + ")");
            }
            if (kek.version().isPresent()) {
                throw ConfigNode.error(n.field("kek"), "name the key without a version (new DEKs use its current one)");
            }
            Path store = path(n.requireString("dek-store"));
            return new ServerConfig.HttpSettings(Optional.ofNullable(tcp), Optional.ofNullable(unix),
                    kek, store);
        }

        /** {@code metrics: {host, port}}: the Prometheus scrape endpoint; loopback unless said otherwise. */
        private InetSocketAddress metrics(ConfigNode n) {
            n.allowOnly("host", "port");
            String host = n.string("host").orElse("127.0.0.1");
            int port = n.integer("port").orElseThrow(() -> ConfigNode.error(n.field("port"), "is required"));
            if (port < 0 || port > 65535) {
                throw ConfigNode.error(n.field("port"), "must be between 0 and 65535");
            }
            return new InetSocketAddress(host, port);
        }

        private ServerConfig.TcpListener tcp(ConfigNode n) {
            n.allowOnly("host", "port", "plaintext");
            String host = n.string("host").orElse("127.0.0.1");
            int port = n.integer("port").orElseThrow(() -> ConfigNode.error(n.field("port"), "is required"));
            if (port < 0 || port > 65535) {
                throw ConfigNode.error(n.field("port"), "must be between 0 and 65535");
            }
            return new ServerConfig.TcpListener(host, port, n.bool("plaintext", false));
        }

        private ServerConfig.UnixListener unix(ConfigNode n) {
            n.allowOnly("path", "allowed-uids");
            return unixListener(n);
        }

        private ServerConfig.UnixListener unixListener(ConfigNode n) {
            Path path = path(n.requireString("path"));
            Set<Integer> uids = new LinkedHashSet<>();
            int i = 0;
            for (Object o : n.list("allowed-uids")) {
                try {
                    int uid = Integer.parseInt(String.valueOf(o).trim());
                    if (uid < 0) {
                        throw new NumberFormatException();
                    }
                    uids.add(uid);
                } catch (NumberFormatException e) {
                    throw ConfigNode.error(n.field("allowed-uids") + "[" + i + "]", "must be a non-negative integer uid");
                }
                i++;
            }
            return new ServerConfig.UnixListener(path, uids);
        }

        private TlsSettings tls(ConfigNode n) {
            n.allowOnly("enabled", "cert", "key", "client-ca", "require-client-cert", "bind-cn-to-client-id");
            if (!n.bool("enabled", true)) {
                return null;
            }
            Path cert = path(n.requireString("cert"));
            Path key = path(n.requireString("key"));
            Path ca = n.string("client-ca").map(this::path).orElse(null);
            for (Map.Entry<String, Path> f : Map.of("cert", cert, "key", key).entrySet()) {
                if (!Files.isReadable(f.getValue())) {
                    throw ConfigNode.error(n.field(f.getKey()), "cannot read " + f.getValue());
                }
            }
            if (ca != null && !Files.isReadable(ca)) {
                throw ConfigNode.error(n.field("client-ca"), "cannot read " + ca);
            }
            try {
                return TlsSettings.builder(cert, key)
                        .clientCa(ca)
                        .requireClientCert(n.bool("require-client-cert", true))
                        .bindCommonNameToClientId(n.bool("bind-cn-to-client-id", false))
                        .build();
            } catch (KmsException e) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "server config: " + e.getMessage());
            }
        }

        private AuthSettings auth(ConfigNode n) {
            n.allowOnly("enabled", "token-key", "token-ttl", "issuer", "audience", "clock-skew", "anonymous-roles",
                    "authenticate-rate-limit");
            if (!n.bool("enabled", true)) {
                return null;
            }
            if (!n.list("anonymous-roles").isEmpty()) {
                throw ConfigNode.error(n.field("anonymous-roles"), "applies only with enabled: false (authenticated "
                        + "callers get their roles from clients)");
            }
            Optional<ClientRecord.RateLimit> authenticateLimit = n.node("authenticate-rate-limit").map(r -> {
                r.allowOnly("permits", "period");
                int permits = r.integer("permits").orElseThrow(() -> ConfigNode.error(r.field("permits"), "is required"));
                try {
                    return new ClientRecord.RateLimit(permits, r.duration("period").orElse(Duration.ofSeconds(1)));
                } catch (KmsException e) {
                    throw ConfigNode.error(r.field("permits"), e.getMessage());
                }
            });
            KeyRef key;
            try {
                key = KeyRef.parse(n.requireString("token-key"));
            } catch (KmsException e) {
                throw ConfigNode.error(n.field("token-key"), "not a key URI (" + e.getMessage() + ")");
            }
            try {
                AuthSettings.Builder b = AuthSettings.builder(key);
                n.duration("token-ttl").ifPresent(b::tokenTtl);
                n.string("issuer").ifPresent(b::issuer);
                n.string("audience").ifPresent(b::audience);
                n.duration("clock-skew").ifPresent(b::clockSkew);
                authenticateLimit.ifPresent(b::authenticateLimit);
                return b.build();
            } catch (KmsException e) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "server config: " + e.getMessage());
            }
        }

        private Map<String, List<String>> roles(ConfigNode n) {
            Map<String, List<String>> roles = new LinkedHashMap<>();
            for (String name : n.keys()) {
                if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                    throw ConfigNode.error(n.field(name), "a role name is 1-64 letters, digits, '.', '_' or '-'");
                }
                List<String> rules = new ArrayList<>();
                int i = 0;
                for (Object o : n.list(name)) {
                    if (!(o instanceof String)) {
                        throw ConfigNode.error(n.field(name) + "[" + i + "]",
                                "a rule is a string 'allow|deny OPERATIONS KEY-PATTERN'");
                    }
                    rules.add((String) o);
                    i++;
                }
                roles.put(name, rules);
            }
            return roles;
        }

        private List<ClientRecord> clients(ConfigNode root, Set<String> roleNames) {
            List<ClientRecord> out = new ArrayList<>();
            List<Object> list = root.list("clients");
            Set<String> ids = new LinkedHashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String field = "clients[" + i + "]";
                ConfigNode c = ConfigNode.asNode(field, list.get(i));
                c.allowOnly("id", "secret-hash", "roles", "rate-limit", "enabled", "tokens-not-before");
                String id = c.requireString("id");
                try {
                    ClientRecord.checkId(id);
                } catch (KmsException e) {
                    throw ConfigNode.error(c.field("id"), e.getMessage());
                }
                if (!ids.add(id)) {
                    throw ConfigNode.error(c.field("id"), "client '" + id + "' is configured twice");
                }
                SecretHash hash;
                try {
                    hash = SecretHash.parse(secrets.resolve(c.field("secret-hash"), c.requireString("secret-hash")));
                } catch (KmsException e) {
                    throw e.getMessage().startsWith("server config:") ? e : ConfigNode.error(c.field("secret-hash"), e.getMessage());
                }
                Set<String> roles = c.stringSet("roles");
                for (String r : roles) {
                    if (!roleNames.contains(r)) {
                        throw ConfigNode.error(c.field("roles"), "role '" + r + "' is not defined under roles");
                    }
                }
                ClientRecord.Builder b = ClientRecord.builder(id, hash).roles(roles).enabled(c.bool("enabled", true));
                c.node("rate-limit").ifPresent(r -> {
                    r.allowOnly("permits", "period");
                    int permits = r.integer("permits").orElseThrow(() -> ConfigNode.error(r.field("permits"), "is required"));
                    Duration period = r.duration("period").orElse(Duration.ofSeconds(1));
                    try {
                        b.rateLimit(new ClientRecord.RateLimit(permits, period));
                    } catch (KmsException e) {
                        throw ConfigNode.error(r.field("permits"), e.getMessage());
                    }
                });
                c.string("tokens-not-before").ifPresent(t -> {
                    try {
                        b.tokensNotBefore(Instant.parse(t));
                    } catch (DateTimeParseException e) {
                        throw ConfigNode.error(c.field("tokens-not-before"), "must be an ISO-8601 instant such as 2026-11-23T20:00:00Z");
                    }
                });
                out.add(b.build());
            }
            return out;
        }

        private KeyAccessPolicy policy(Map<String, List<String>> roles, AuthSettings auth,
                ServerConfig.HttpSettings http, List<String> anonymousRoles) {
            KeyAccessPolicy.Builder b = KeyAccessPolicy.builder();
            for (Map.Entry<String, List<String>> role : roles.entrySet()) {
                // With authentication off every caller is anonymous: auth.anonymous-roles gives them
                // these roles' rules (development only), else the policy refuses everything.
                List<String> subjects = new ArrayList<>();
                subjects.add("role:" + role.getKey());
                if (anonymousRoles.contains(role.getKey())) {
                    subjects.add("anonymous");
                }
                for (int i = 0; i < role.getValue().size(); i++) {
                    String field = "roles." + role.getKey() + "[" + i + "]";
                    String[] f = role.getValue().get(i).trim().split("\\s+");
                    if (f.length != 3) {
                        throw ConfigNode.error(field, "a rule is 'allow|deny OPERATIONS KEY-PATTERN', e.g. 'allow sign,verify local://app-*'");
                    }
                    try {
                        for (String subject : subjects) {
                            b.rule(effect(field, f[0]), subject, operations(f[1]), f[2]);
                        }
                    } catch (KmsException e) {
                        throw e.getMessage().startsWith("server config:") ? e : ConfigNode.error(field, e.getMessage());
                    }
                }
            }
            if (auth != null) {
                // The server signs its tokens and reads the token key's public keys as itself.
                b.allow("principal:" + ServerPrincipal.NAME,
                        EnumSet.of(KmsOperation.SIGN, KmsOperation.GET_PUBLIC_KEY, KmsOperation.METADATA),
                        auth.tokenKey().toUri());
            }
            if (http != null) {
                // The server checks at start, as itself, that the DEK KEK exists; it never uses the KEK.
                b.allow("principal:" + ServerPrincipal.NAME, EnumSet.of(KmsOperation.METADATA), http.kek().toUri());
            }
            return b.build();
        }

        private static KeyAccessPolicy.Effect effect(String field, String s) {
            try {
                return KeyAccessPolicy.Effect.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ConfigNode.error(field, "the effect must be allow or deny");
            }
        }

        private static Set<KmsOperation> operations(String list) {
            if (list.equals("*")) {
                return EnumSet.allOf(KmsOperation.class);
            }
            Set<KmsOperation> ops = EnumSet.noneOf(KmsOperation.class);
            for (String name : list.split(",")) {
                ops.add(KmsOperation.parse(name));
            }
            return ops;
        }

        private Map<String, Map<String, String>> providers(ConfigNode n) {
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            for (String scheme : n.keys()) {
                ConfigNode p = n.node(scheme).orElse(new ConfigNode(n.field(scheme), Map.of()));
                Map<String, String> settings = new LinkedHashMap<>();
                for (String name : p.keys()) {
                    p.string(name).ifPresent(v -> settings.put(name, secrets.resolve(p.field(name), v)));
                }
                out.put(scheme, settings);
            }
            if (out.isEmpty()) {
                throw ConfigNode.error("providers", "configure at least one provider scheme");
            }
            return out;
        }

        private Path path(String s) {
            Path p = Path.of(s);
            return p.isAbsolute() || base == null ? p : base.resolve(p);
        }
    }
}
