package dev.kms4j.azure.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Azure Key Vault provider's settings, resolved and validated from a {@link ProviderConfig}
 * (explicit value, then system property {@code kms4j.azure-kv.<name>}, then the environment
 * variables named below).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>environment</th><th>default</th></tr>
 *   <tr><td>vault-url</td><td>AZURE_KEYVAULT_URL</td><td>- (required; comma-separated for several vaults)</td></tr>
 *   <tr><td>credential</td><td>-</td><td>token if auth-token is set, else client-secret if client-secret is set, else default</td></tr>
 *   <tr><td>auth-token</td><td>AZURE_AUTH_TOKEN</td><td>-</td></tr>
 *   <tr><td>tenant-id, client-id, client-secret</td><td>AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET</td><td>-</td></tr>
 *   <tr><td>managed-identity-client-id</td><td>-</td><td>- (system-assigned identity)</td></tr>
 *   <tr><td>trust-cert</td><td>-</td><td>- (the JDK's trust store)</td></tr>
 *   <tr><td>challenge-resource-verification</td><td>-</td><td>true</td></tr>
 *   <tr><td>hardware-protected</td><td>-</td><td>false (always true on Managed HSM)</td></tr>
 *   <tr><td>connect-timeout</td><td>-</td><td>5s</td></tr>
 *   <tr><td>response-timeout</td><td>-</td><td>30s</td></tr>
 *   <tr><td>max-sdk-retries</td><td>-</td><td>1</td></tr>
 * </table>
 *
 * <p>Only {@code https} vault URLs are accepted: the provider never sends a token over plain
 * HTTP. Keys may only name the configured vault hosts, so a key URI from stored data cannot send
 * the caller's token to another host.
 *
 * <p><strong>Secret:</strong> the auth token and the client secret. {@link #toString()} shows
 * neither, nor the client id. Immutable and thread-safe.
 */
public final class AzureSettings {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_MAX_SDK_RETRIES = 1;
    static final int MAX_SDK_RETRIES_LIMIT = 10;

    /** How the provider obtains tokens. */
    public enum CredentialSource {
        /** A fixed bearer token ({@code auth-token} / {@code AZURE_AUTH_TOKEN}), as a sidecar hands out. */
        TOKEN,
        /** A service principal: {@code tenant-id}, {@code client-id}, {@code client-secret}. */
        CLIENT_SECRET,
        /** The managed identity of the host (system-assigned, or {@code managed-identity-client-id}). */
        MANAGED_IDENTITY,
        /** azure-identity's {@code DefaultAzureCredential} chain. */
        DEFAULT
    }

    private final Map<String, URI> vaults;
    private final CredentialSource credentialSource;
    private final String authToken;
    private final String tenantId;
    private final String clientId;
    private final String clientSecret;
    private final String managedIdentityClientId;
    private final String trustCertPem;
    private final boolean challengeResourceVerification;
    private final boolean hardwareProtected;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int maxSdkRetries;

    private AzureSettings(Map<String, URI> vaults, CredentialSource credentialSource, String authToken, String tenantId,
                          String clientId, String clientSecret, String managedIdentityClientId, String trustCertPem,
                          boolean challengeResourceVerification, boolean hardwareProtected, Duration connectTimeout,
                          Duration responseTimeout, int maxSdkRetries) {
        this.vaults = Collections.unmodifiableMap(vaults);
        this.credentialSource = credentialSource;
        this.authToken = authToken;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.managedIdentityClientId = managedIdentityClientId;
        this.trustCertPem = trustCertPem;
        this.challengeResourceVerification = challengeResourceVerification;
        this.hardwareProtected = hardwareProtected;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.maxSdkRetries = maxSdkRetries;
    }

    /**
     * Resolves and validates the settings.
     *
     * @throws KmsException {@code INVALID_ARGUMENT} naming the bad or missing setting, never its
     *     value when it may be secret
     */
    public static AzureSettings resolve(ProviderConfig config) {
        String urls = config.get("vault-url", "AZURE_KEYVAULT_URL").map(String::trim).filter(s -> !s.isEmpty())
                .orElseThrow(() -> invalid("no vault URL: set provider setting 'vault-url', system property "
                        + "kms4j.azure-kv.vault-url, or environment variable AZURE_KEYVAULT_URL "
                        + "(https://<vault>.vault.azure.net or https://<hsm>.managedhsm.azure.net)"));
        Map<String, URI> vaults = new LinkedHashMap<>();
        for (String part : urls.split(",")) {
            if (!part.isBlank()) {
                URI uri = parseVaultUrl(part.trim());
                vaults.put(uri.getRawAuthority().toLowerCase(Locale.ROOT), uri);
            }
        }
        if (vaults.isEmpty()) {
            throw invalid("provider setting 'vault-url' of azure-kv names no vault");
        }

        Optional<String> token = config.get("auth-token", "AZURE_AUTH_TOKEN").filter(t -> !t.isBlank());
        Optional<String> tenant = config.get("tenant-id", "AZURE_TENANT_ID").map(String::trim).filter(t -> !t.isEmpty());
        Optional<String> client = config.get("client-id", "AZURE_CLIENT_ID").map(String::trim).filter(t -> !t.isEmpty());
        Optional<String> secret = config.get("client-secret", "AZURE_CLIENT_SECRET").filter(t -> !t.isBlank());
        Optional<String> miClient = config.get("managed-identity-client-id").map(String::trim).filter(t -> !t.isEmpty());
        CredentialSource source = config.get("credential").map(AzureSettings::parseSource)
                .orElse(token.isPresent() ? CredentialSource.TOKEN
                        : secret.isPresent() ? CredentialSource.CLIENT_SECRET : CredentialSource.DEFAULT);
        if (source == CredentialSource.TOKEN && token.isEmpty()) {
            throw invalid("credential 'token' of azure-kv needs provider setting 'auth-token' or AZURE_AUTH_TOKEN");
        }
        if (source == CredentialSource.CLIENT_SECRET && (tenant.isEmpty() || client.isEmpty() || secret.isEmpty())) {
            throw invalid("credential 'client-secret' of azure-kv needs 'tenant-id', 'client-id' and 'client-secret'"
                    + " (or AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET)");
        }

        String trustCert = config.get("trust-cert").map(AzureSettings::readPem).orElse(null);
        boolean verifyChallenge = config.getBoolean("challenge-resource-verification", true);
        boolean hsm = config.getBoolean("hardware-protected", false);
        Duration connect = positive(config, "connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        Duration response = positive(config, "response-timeout", DEFAULT_RESPONSE_TIMEOUT);
        int retries = config.getInt("max-sdk-retries").orElse(DEFAULT_MAX_SDK_RETRIES);
        if (retries < 0 || retries > MAX_SDK_RETRIES_LIMIT) {
            throw invalid("provider setting 'max-sdk-retries' of azure-kv must be 0 to " + MAX_SDK_RETRIES_LIMIT);
        }
        return new AzureSettings(vaults, source, source == CredentialSource.TOKEN ? token.get() : null,
                tenant.orElse(null), client.orElse(null),
                source == CredentialSource.CLIENT_SECRET ? secret.get() : null, miClient.orElse(null), trustCert,
                verifyChallenge, hsm, connect, response, retries);
    }

    /** An absolute {@code https} URL with a host and nothing else; {@code http} is refused outright. */
    static URI parseVaultUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid("provider setting 'vault-url' of azure-kv is not a valid URI");
        }
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            throw invalid("provider setting 'vault-url' of azure-kv must use https: kms4j never sends an Azure"
                    + " token over plain HTTP (" + uri.getHost() + ")");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw invalid("provider setting 'vault-url' of azure-kv must be an absolute https URL with a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            throw invalid("provider setting 'vault-url' of azure-kv must be https://<host>[:port] without path,"
                    + " query or user info");
        }
        return URI.create("https://" + uri.getRawAuthority().toLowerCase(Locale.ROOT));
    }

    private static CredentialSource parseSource(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "token":
                return CredentialSource.TOKEN;
            case "client-secret":
                return CredentialSource.CLIENT_SECRET;
            case "managed-identity":
                return CredentialSource.MANAGED_IDENTITY;
            case "default":
                return CredentialSource.DEFAULT;
            default:
                throw invalid("provider setting 'credential' of azure-kv must be token, client-secret,"
                        + " managed-identity or default");
        }
    }

    /** The value itself if it is PEM, else a file holding PEM. */
    private static String readPem(String value) {
        String v = value.trim();
        if (v.startsWith("-----BEGIN")) {
            return v;
        }
        try {
            String text = Files.readString(Path.of(v), StandardCharsets.US_ASCII);
            if (!text.contains("-----BEGIN CERTIFICATE-----")) {
                throw invalid("provider setting 'trust-cert' of azure-kv names a file without a PEM certificate");
            }
            return text;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw invalid("provider setting 'trust-cert' of azure-kv is neither PEM text nor a readable file");
        }
    }

    private static Duration positive(ProviderConfig config, String name, Duration defaultValue) {
        Duration d = config.getDuration(name).orElse(defaultValue);
        if (d.isZero() || d.isNegative()) {
            throw invalid("provider setting '" + name + "' of azure-kv must be longer than zero");
        }
        return d;
    }

    private static KmsException invalid(String message) {
        return KmsException.builder(KmsErrorCode.INVALID_ARGUMENT, message).provider(AzureErrors.SCHEME).build();
    }

    /** Vault URLs by lower-case authority ({@code host[:port]}), in configuration order. */
    public Map<String, URI> vaults() {
        return vaults;
    }

    /** The vault hosts, in configuration order. */
    public List<String> vaultHosts() {
        return new ArrayList<>(vaults.keySet());
    }

    public CredentialSource credentialSource() {
        return credentialSource;
    }

    /** <strong>Secret.</strong> The static bearer token. */
    public Optional<String> authToken() {
        return Optional.ofNullable(authToken);
    }

    public Optional<String> tenantId() {
        return Optional.ofNullable(tenantId);
    }

    /** The client id (an identifier, not a secret, but still left out of toString). */
    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    /** <strong>Secret.</strong> The client secret. */
    public Optional<String> clientSecret() {
        return Optional.ofNullable(clientSecret);
    }

    public Optional<String> managedIdentityClientId() {
        return Optional.ofNullable(managedIdentityClientId);
    }

    /** PEM certificates to trust instead of the JDK trust store (for fakes and private CAs). */
    public Optional<String> trustCertPem() {
        return Optional.ofNullable(trustCertPem);
    }

    public boolean challengeResourceVerification() {
        return challengeResourceVerification;
    }

    /** Whether asymmetric keys are created as {@code EC-HSM}/{@code RSA-HSM} on this vault host. */
    public boolean hardwareProtected(String host) {
        return hardwareProtected || isManagedHsm(host);
    }

    /** Whether {@code host} is a Managed HSM (its keys are always HSM keys, and it has symmetric keys). */
    public static boolean isManagedHsm(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.indexOf(':');
        return (colon < 0 ? h : h.substring(0, colon)).contains(".managedhsm.");
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    public int maxSdkRetries() {
        return maxSdkRetries;
    }

    /** Vaults, credential source and timeouts; never tokens, secrets or client ids. */
    @Override
    public String toString() {
        return "AzureSettings{vaults=" + vaults.keySet() + ", credential=" + credentialSource
                + (trustCertPem == null ? "" : ", trust-cert") + ", challengeResourceVerification="
                + challengeResourceVerification + ", connectTimeout=" + connectTimeout + ", responseTimeout="
                + responseTimeout + ", maxSdkRetries=" + maxSdkRetries + "}";
    }
}
