package dev.kms4j.testkit.azure;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import dev.kms4j.ProviderConfig;
import dev.kms4j.testkit.azure.internal.AzureSdkClients;
import java.net.URI;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running an {@link AzureKeyVaultFake} over HTTPS on a free port of
 * {@code 127.0.0.1}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static AzureKeyVaultFakeExtension AZURE = AzureKeyVaultFakeExtension.builder().build();
 *
 * KmsManager kms = KmsManager.builder().enable("azure-kv", AZURE.providerConfig()).build();
 * KeyClient raw = AZURE.keyClient();
 * AZURE.fake().faults().on("Sign").failTimes(2, Fault.throttle());
 * }</pre>
 *
 * <p>Registered on a static field, the fake starts once before all tests of the class and stops
 * after them; on an instance field it starts and stops around each test. Before each test the
 * fake's faults are cleared (keys are kept; build with {@link Builder#resetBeforeEach(boolean)}
 * to clear them too).
 *
 * <p>Thread-safe for use from parallel tests of one class. The token is a test value;
 * {@link #providerConfig()} carries it, as the provider needs it.
 */
public final class AzureKeyVaultFakeExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final AzureKeyVaultFake fake;
    private final String token;
    private final int port;
    private final boolean resetBeforeEach;
    private AzureKeyVaultFakeServer server;
    private String startedBy;
    private boolean perTest;
    private KeyClient keyClient;

    private AzureKeyVaultFakeExtension(Builder b) {
        this.fake = AzureKeyVaultFake.builder().acceptedToken(b.requireToken ? b.token : null).build();
        this.token = b.token;
        this.port = b.port;
        this.resetBeforeEach = b.resetBeforeEach;
    }

    /** A builder: token {@code fake-token} (any non-empty token accepted), a free port. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (server == null) {
            start();
            startedBy = context.getUniqueId();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(startedBy)) {
            stop();
            startedBy = null;
        }
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (server == null) {
            perTest = true;
            start();
        }
        if (resetBeforeEach) {
            fake.reset();
        } else {
            fake.faults().clear();
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
            perTest = false;
        }
    }

    private void start() {
        if (server == null) {
            server = new AzureKeyVaultFakeServer(fake).start(port);
        }
    }

    private void stop() {
        keyClient = null;
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** The running fake: state, faults, {@code reset()}. */
    public AzureKeyVaultFake fake() {
        return fake;
    }

    /** The running server (certificate, port). */
    public synchronized AzureKeyVaultFakeServer server() {
        if (server == null) {
            throw new IllegalStateException("the Azure Key Vault fake is not running (register the extension with @RegisterExtension)");
        }
        return server;
    }

    /** {@code https://127.0.0.1:<port>}: the vault URL. */
    public URI endpoint() {
        return server().endpoint();
    }

    /** The vault host as it appears in key URIs: {@code 127.0.0.1:<port>}. */
    public String vaultHost() {
        return endpoint().getAuthority();
    }

    /** The bearer token clients send (a test value). */
    public String token() {
        return token;
    }

    /** A TLS context trusting only the fake's certificate. */
    public SSLContext sslContext() {
        return server().sslContext();
    }

    /**
     * Settings for the {@code azure-kv} provider against this fake: {@code vault-url},
     * {@code auth-token}, {@code trust-cert} (the fake's certificate as PEM),
     * {@code challenge-resource-verification=false} (the fake's host is not a vault.azure.net
     * name) and {@code max-sdk-retries=0} (kms4j retries itself).
     */
    public ProviderConfig providerConfig() {
        return ProviderConfig.builder()
                .set("vault-url", endpoint().toString())
                .set("auth-token", token)
                .set("trust-cert", server().certificatePem())
                .set("challenge-resource-verification", "false")
                .set("max-sdk-retries", "0")
                .build();
    }

    /**
     * A raw {@link KeyClient} against the fake (JDK HTTP client trusting the fake, static token,
     * SDK default retries), shared until the fake stops. Needs {@code azure-security-keyvault-keys}
     * and {@code azure-core-http-jdk-httpclient} on the test class path.
     */
    public synchronized KeyClient keyClient() {
        if (keyClient == null) {
            keyClient = keyClientBuilder().buildClient();
        }
        return keyClient;
    }

    /** A builder for a further raw key client against the fake, to adjust (say, retries). */
    public KeyClientBuilder keyClientBuilder() {
        return AzureSdkClients.keyClientBuilder(endpoint(), sslContext(), token);
    }

    /** A builder for a raw cryptography client for {@code keyId} (an Azure key id URL) against the fake. */
    public CryptographyClientBuilder cryptographyClientBuilder(String keyId) {
        return AzureSdkClients.cryptographyClientBuilder(keyId, sslContext(), token);
    }

    /** Builds an {@link AzureKeyVaultFakeExtension}. Not thread-safe. */
    public static final class Builder {
        private String token = "fake-token";
        private boolean requireToken;
        private int port;
        private boolean resetBeforeEach;

        private Builder() {
        }

        /** The bearer token clients send (default {@code fake-token}). */
        public Builder token(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
            this.token = token;
            return this;
        }

        /** Whether the fake accepts only {@link #token(String)} rather than any non-empty token (default off). */
        public Builder requireToken(boolean require) {
            this.requireToken = require;
            return this;
        }

        /** A fixed port instead of a free one ({@code 0}, the default). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Whether to clear keys (not only faults) before each test (default off). */
        public Builder resetBeforeEach(boolean reset) {
            this.resetBeforeEach = reset;
            return this;
        }

        public AzureKeyVaultFakeExtension build() {
            return new AzureKeyVaultFakeExtension(this);
        }
    }
}
