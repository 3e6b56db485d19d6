package dev.kms4j.vault.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Vault Transit provider's settings, resolved and validated from a {@link ProviderConfig}
 * (explicit value, then system property {@code kms4j.vault-transit.<name>}, then the environment
 * variables named below).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>environment</th><th>default</th></tr>
 *   <tr><td>address</td><td>VAULT_ADDR</td><td>required</td></tr>
 *   <tr><td>token</td><td>VAULT_TOKEN</td><td>required unless AppRole is set</td></tr>
 *   <tr><td>namespace</td><td>VAULT_NAMESPACE</td><td>none (root namespace)</td></tr>
 *   <tr><td>mount</td><td>-</td><td>transit</td></tr>
 *   <tr><td>approle-role-id, approle-secret-id</td><td>VAULT_ROLE_ID, VAULT_SECRET_ID</td><td>-</td></tr>
 *   <tr><td>approle-mount</td><td>-</td><td>approle</td></tr>
 *   <tr><td>tls-ca-file</td><td>VAULT_CACERT</td><td>the JDK's trust store</td></tr>
 *   <tr><td>tls-client-cert-file, tls-client-key-file</td><td>VAULT_CLIENT_CERT, VAULT_CLIENT_KEY</td><td>-</td></tr>
 *   <tr><td>open-timeout</td><td>-</td><td>5s</td></tr>
 *   <tr><td>read-timeout</td><td>-</td><td>30s</td></tr>
 *   <tr><td>derived-keys</td><td>-</td><td>false</td></tr>
 *   <tr><td>allow-key-deletion</td><td>-</td><td>false</td></tr>
 * </table>
 *
 * <p><strong>Secret:</strong> the token and the AppRole secret id. {@link #toString()} shows
 * neither, nor the role id. Immutable and thread-safe.
 */
public final class VaultTransitSettings {
    static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");

    private final URI address;
    private final String authority;
    private final String token;
    private final String namespace;
    private final String mount;
    private final String roleId;
    private final String secretId;
    private final String appRoleMount;
    private final Path caFile;
    private final Path clientCertFile;
    private final Path clientKeyFile;
    private final Duration openTimeout;
    private final Duration readTimeout;
    private final boolean derivedKeys;
    private final boolean allowKeyDeletion;

    private VaultTransitSettings(URI address, String token, String namespace, String mount, String roleId,
                                 String secretId, String appRoleMount, Path caFile, Path clientCertFile,
                                 Path clientKeyFile, Duration openTimeout, Duration readTimeout,
                                 boolean derivedKeys, boolean allowKeyDeletion) {
        this.address = address;
        this.authority = address.getPort() < 0 ? address.getHost() : address.getHost() + ":" + address.getPort();
        this.token = token;
        this.namespace = namespace;
        this.mount = mount;
        this.roleId = roleId;
        this.secretId = secretId;
        this.appRoleMount = appRoleMount;
        this.caFile = caFile;
        this.clientCertFile = clientCertFile;
        this.clientKeyFile = clientKeyFile;
        this.openTimeout = openTimeout;
        this.readTimeout = readTimeout;
        this.derivedKeys = derivedKeys;
        this.allowKeyDeletion = allowKeyDeletion;
    }

    /**
     * Resolves and validates the settings.
     *
     * @throws KmsException {@code INVALID_ARGUMENT} naming the bad or missing setting, never a secret value
     */
    public static VaultTransitSettings resolve(ProviderConfig config) {
        URI address = parseAddress(config.require("address", "VAULT_ADDR"));
        String namespace = config.get("namespace", "VAULT_NAMESPACE").map(String::trim)
                .map(VaultTransitSettings::trimSlashes).filter(s -> !s.isEmpty()).orElse(null);
        if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
            throw invalid("provider setting 'namespace' of vault-transit is not a Vault namespace path");
        }
        String mount = trimSlashes(config.get("mount").map(String::trim).orElse("transit"));
        checkMount(mount, "mount");
        Optional<String> roleId = config.get("approle-role-id", "VAULT_ROLE_ID").map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> secretId = config.get("approle-secret-id", "VAULT_SECRET_ID").filter(s -> !s.isBlank());
        String appRoleMount = trimSlashes(config.get("approle-mount").map(String::trim).orElse("approle"));
        checkMount(appRoleMount, "approle-mount");
        String token = null;
        if (roleId.isPresent() || secretId.isPresent()) {
            if (roleId.isEmpty() || secretId.isEmpty()) {
                throw invalid("AppRole login of vault-transit needs both 'approle-role-id' and 'approle-secret-id'");
            }
        } else {
            token = config.get("token", "VAULT_TOKEN").map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(() ->
                    invalid("no Vault credentials: set provider setting 'token' (or VAULT_TOKEN), or"
                            + " 'approle-role-id' and 'approle-secret-id' for AppRole login"));
            if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw invalid("provider setting 'token' of vault-transit contains characters a Vault token cannot have");
            }
        }
        Path caFile = file(config, "tls-ca-file", "VAULT_CACERT");
        Path certFile = file(config, "tls-client-cert-file", "VAULT_CLIENT_CERT");
        Path keyFile = file(config, "tls-client-key-file", "VAULT_CLIENT_KEY");
        if ((certFile == null) != (keyFile == null)) {
            throw invalid("TLS client authentication of vault-transit needs both 'tls-client-cert-file' and 'tls-client-key-file'");
        }
        if ((caFile != null || certFile != null) && !"https".equalsIgnoreCase(address.getScheme())) {
            throw invalid("TLS settings of vault-transit need an https:// address");
        }
        Duration open = positive(config, "open-timeout", DEFAULT_OPEN_TIMEOUT);
        Duration read = positive(config, "read-timeout", DEFAULT_READ_TIMEOUT);
        return new VaultTransitSettings(address, token, namespace, mount, roleId.orElse(null), secretId.orElse(null),
                appRoleMount, caFile, certFile, keyFile, open, read,
                config.getBoolean("derived-keys", false), config.getBoolean("allow-key-deletion", false));
    }

    private static URI parseAddress(String value) {
        try {
            URI uri = new URI(trimTrailingSlash(value.trim()));
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw invalid("provider setting 'address' of vault-transit must be an absolute http(s) URI with a host");
            }
            if (uri.getUserInfo() != null) {
                throw invalid("provider setting 'address' of vault-transit must not contain user info");
            }
            if ((uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null || uri.getFragment() != null) {
                throw invalid("provider setting 'address' of vault-transit must be scheme://host[:port] only");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid("provider setting 'address' of vault-transit is not a valid URI");
        }
    }

    private static void checkMount(String mount, String name) {
        if (!MOUNT.matcher(mount).matches() || mount.contains("/./") || mount.contains("/../")
                || mount.equals(".") || mount.equals("..") || mount.endsWith("/..") || mount.endsWith("/.")) {
            throw invalid("provider setting '" + name + "' of vault-transit is not a mount path such as transit");
        }
    }

    private static Path file(ProviderConfig config, String name, String env) {
        Optional<String> v = config.get(name, env).map(String::trim).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return null;
        }
        Path p = Path.of(v.get());
        if (!Files.isReadable(p)) {
            throw invalid("provider setting '" + name + "' of vault-transit names a file that cannot be read");
        }
        return p;
    }

    private static Duration positive(ProviderConfig config, String name, Duration defaultValue) {
        Duration d = config.getDuration(name).orElse(defaultValue);
        if (d.isZero() || d.toMillis() < 1) {
            throw invalid("provider setting '" + name + "' of vault-transit must be longer than zero");
        }
        return d;
    }

    private static String trimSlashes(String s) {
        String t = s;
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        return trimTrailingSlash(t);
    }

    private static String trimTrailingSlash(String s) {
        String t = s;
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static KmsException invalid(String message) {
        return KmsException.builder(KmsErrorCode.INVALID_ARGUMENT, message).provider(VaultErrors.SCHEME).build();
    }

    public URI address() {
        return address;
    }

    /** {@code host[:port]} as key URIs carry it. */
    public String authority() {
        return authority;
    }

    /** <strong>Secret.</strong> The static token, if no AppRole login is configured. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    public Optional<String> namespace() {
        return Optional.ofNullable(namespace);
    }

    public String mount() {
        return mount;
    }

    public boolean usesAppRole() {
        return roleId != null;
    }

    /** The AppRole role id (an identifier, still left out of toString). */
    public Optional<String> roleId() {
        return Optional.ofNullable(roleId);
    }

    /** <strong>Secret.</strong> The AppRole secret id. */
    public Optional<String> secretId() {
        return Optional.ofNullable(secretId);
    }

    public String appRoleMount() {
        return appRoleMount;
    }

    public Optional<Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    public Optional<Path> clientCertFile() {
        return Optional.ofNullable(clientCertFile);
    }

    public Optional<Path> clientKeyFile() {
        return Optional.ofNullable(clientKeyFile);
    }

    public Duration openTimeout() {
        return openTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** Whether createKey makes derived (per-context) AEAD keys. */
    public boolean derivedKeys() {
        return derivedKeys;
    }

    /** Whether scheduleDeletion may delete keys (Transit deletes at once). */
    public boolean allowKeyDeletion() {
        return allowKeyDeletion;
    }

    /** Address, namespace, mount, auth method and timeouts; never the token or AppRole ids. */
    @Override
    public String toString() {
        return "VaultTransitSettings{address=" + address + (namespace == null ? "" : ", namespace=" + namespace)
                + ", mount=" + mount + ", auth=" + (usesAppRole() ? "approle(" + appRoleMount + ")" : "token")
                + (caFile == null ? "" : ", tlsCa=" + caFile) + (clientCertFile == null ? "" : ", tlsClientCert")
                + ", openTimeout=" + openTimeout + ", readTimeout=" + readTimeout
                + (derivedKeys ? ", derivedKeys" : "") + (allowKeyDeletion ? ", allowKeyDeletion" : "") + "}";
    }
}
