package dev.kms4j.testkit.azure.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import javax.net.ssl.SSLContext;
import reactor.core.publisher.Mono;

/**
 * Builds raw Azure SDK clients against the fake: the JDK {@code HttpClient} transport (HTTP/1.1)
 * trusting the fake's certificate, a static bearer token, and challenge resource verification
 * off (the fake's host is not a {@code vault.azure.net} name). Kept apart from the extension so
 * the SDK, an optional dependency of the testkit, is only loaded when a test asks for a client.
 */
public final class AzureSdkClients {
    private AzureSdkClients() {
    }

    /** An Azure {@link HttpClient} on the JDK client that trusts {@code ssl}'s certificates. */
    public static HttpClient httpClient(SSLContext ssl) {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(ssl)
                .version(java.net.http.HttpClient.Version.HTTP_1_1))
                .build();
    }

    /** A credential that always hands out {@code token}, valid for an hour. */
    public static TokenCredential staticToken(String token) {
        return request -> Mono.fromSupplier(() -> new AccessToken(token, OffsetDateTime.now().plusHours(1)));
    }

    public static KeyClientBuilder keyClientBuilder(URI vault, SSLContext ssl, String token) {
        return new KeyClientBuilder()
                .vaultUrl(vault.toString())
                .httpClient(httpClient(ssl))
                .credential(staticToken(token))
                .disableChallengeResourceVerification();
    }

    public static CryptographyClientBuilder cryptographyClientBuilder(String keyId, SSLContext ssl, String token) {
        return new CryptographyClientBuilder()
                .keyIdentifier(keyId)
                .httpClient(httpClient(ssl))
                .credential(staticToken(token))
                .disableChallengeResourceVerification();
    }
}
