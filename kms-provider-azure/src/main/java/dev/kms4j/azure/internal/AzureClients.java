package dev.kms4j.azure.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.ClientOptions;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import reactor.core.publisher.Mono;

/**
 * Builds and caches the Azure SDK clients of one provider: one JDK {@code HttpClient} (HTTP/1.1,
 * the configured timeouts and trust), one token credential, one {@link KeyClient} per vault and
 * one {@link CryptographyClient} per key id URL. Cryptography clients are built with key caching
 * off, so every operation runs in Key Vault with the exact version asked for and none silently
 * runs locally with a stale key; kms4j verifies signatures locally itself.
 *
 * <p>Thread-safe. Holds the credential (secret); never logs it.
 */
public final class AzureClients {
    private static final int MAX_CACHED_CRYPTO_CLIENTS = 4096;

    private final AzureSettings settings;
    private final HttpClient httpClient;
    private final TokenCredential credential;
    private final RetryOptions retryOptions;
    private final Map<String, KeyClient> keyClients = new ConcurrentHashMap<>();
    private final Map<String, CryptographyClient> cryptoClients = new ConcurrentHashMap<>();

    public AzureClients(AzureSettings settings) {
        this.settings = settings;
        this.httpClient = httpClient(settings);
        this.credential = credential(settings);
        this.retryOptions = new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(settings.maxSdkRetries())
                .setBaseDelay(Duration.ofMillis(200))
                .setMaxDelay(Duration.ofSeconds(2)));
    }

    /** The key client of a configured vault host. */
    public KeyClient keyClient(String host) {
        return keyClients.computeIfAbsent(host, h -> {
            URI vault = settings.vaults().get(h);
            KeyClientBuilder b = new KeyClientBuilder()
                    .vaultUrl(vault.toString())
                    .credential(credential)
                    .httpClient(httpClient)
                    .retryOptions(retryOptions)
                    .clientOptions(new ClientOptions().setApplicationId("kms4j"));
            if (!settings.challengeResourceVerification()) {
                b.disableChallengeResourceVerification();
            }
            return b.buildClient();
        });
    }

    /** A cryptography client for {@code https://<host>/keys/<name>[/<version>]} (remote operations only). */
    public CryptographyClient cryptographyClient(String host, String name, String version) {
        String kid = settings.vaults().get(host) + "/keys/" + name + (version == null ? "" : "/" + version);
        CryptographyClient cached = cryptoClients.get(kid);
        if (cached != null) {
            return cached;
        }
        if (cryptoClients.size() >= MAX_CACHED_CRYPTO_CLIENTS) {
            cryptoClients.clear(); // A crude bound: clients are cheap to rebuild, an unbounded map is not.
        }
        return cryptoClients.computeIfAbsent(kid, k -> {
            CryptographyClientBuilder b = new CryptographyClientBuilder()
                    .keyIdentifier(k)
                    .credential(credential)
                    .httpClient(httpClient)
                    .retryOptions(retryOptions)
                    .clientOptions(new ClientOptions().setApplicationId("kms4j"))
                    .disableKeyCaching();
            if (!settings.challengeResourceVerification()) {
                b.disableChallengeResourceVerification();
            }
            return b.buildClient();
        });
    }

    private static HttpClient httpClient(AzureSettings settings) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1);
        settings.trustCertPem().ifPresent(pem -> jdk.sslContext(trusting(pem)));
        return new JdkHttpClientBuilder(jdk)
                .connectionTimeout(settings.connectTimeout())
                .responseTimeout(settings.responseTimeout())
                .readTimeout(settings.responseTimeout())
                .build();
    }

    /** An SSL context trusting exactly the PEM certificates given. */
    static SSLContext trusting(String pem) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new GeneralSecurityException("no certificate");
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trust.setCertificateEntry("trusted-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw KmsException.builder(KmsErrorCode.INVALID_ARGUMENT,
                    "provider setting 'trust-cert' of azure-kv holds no readable X.509 certificate")
                    .provider(AzureErrors.SCHEME).build();
        }
    }

    private static TokenCredential credential(AzureSettings settings) {
        switch (settings.credentialSource()) {
            case TOKEN:
                String token = settings.authToken().orElseThrow();
                // The token is handed to the SDK's bearer policy; kms4j never logs it.
                return request -> Mono.fromSupplier(() -> new AccessToken(token, OffsetDateTime.now().plusMinutes(5)));
            case CLIENT_SECRET:
                return new ClientSecretCredentialBuilder()
                        .tenantId(settings.tenantId().orElseThrow())
                        .clientId(settings.clientId().orElseThrow())
                        .clientSecret(settings.clientSecret().orElseThrow())
                        .build();
            case MANAGED_IDENTITY:
                ManagedIdentityCredentialBuilder mi = new ManagedIdentityCredentialBuilder();
                settings.managedIdentityClientId().ifPresent(mi::clientId);
                return mi.build();
            default:
                return new DefaultAzureCredentialBuilder().build();
        }
    }
}
