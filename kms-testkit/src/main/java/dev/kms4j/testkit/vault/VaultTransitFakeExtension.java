package dev.kms4j.testkit.vault;

import dev.kms4j.ProviderConfig;
import dev.kms4j.testkit.vault.internal.DriverClients;
import io.github.jopenlibs.vault.Vault;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running a {@link VaultTransitFake} on a free port of {@code 127.0.0.1}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static VaultTransitFakeExtension VAULT = VaultTransitFakeExtension.builder().build();
 *
 * KmsManager kms = KmsManager.builder().enable("vault-transit", VAULT.providerConfig()).build();
 * Vault raw = VAULT.driver();                        // vault-java-driver, engine version 1
 * VAULT.fake().faults().on("encrypt").failTimes(2, Fault.throttle());
 * }</pre>
 *
 * <p>On a static field the fake starts once before all tests of the class and stops after them;
 * on an instance field it starts and stops around each test. Before each test the faults and the
 * sealed state are cleared (keys are kept unless built with
 * {@link Builder#resetBeforeEach(boolean)}).
 *
 * <p>Thread-safe. The root token is a test value; {@link #providerConfig()} carries it, as the
 * provider needs it.
 */
public final class VaultTransitFakeExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final VaultTransitFake fake;
    private final int port;
    private final boolean resetBeforeEach;
    private VaultTransitFakeServer server;
    private String startedBy;
    private boolean perTest;

    private VaultTransitFakeExtension(Builder b) {
        this.fake = b.fake.build();
        this.port = b.port;
        this.resetBeforeEach = b.resetBeforeEach;
    }

    /** A builder: root token {@code root}, mount {@code transit}, a free port. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (server == null) {
            server = new VaultTransitFakeServer(fake).start(port);
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
            server = new VaultTransitFakeServer(fake).start(port);
        }
        if (resetBeforeEach) {
            fake.reset();
        } else {
            fake.faults().clear();
            fake.setSealed(false);
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
            perTest = false;
        }
    }

    private void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** The running fake: keys, faults, sealing, {@code reset()}. */
    public VaultTransitFake fake() {
        return fake;
    }

    /** {@code http://127.0.0.1:<port>}: the Vault address. */
    public synchronized URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("the Vault fake is not running (register the extension with @RegisterExtension)");
        }
        return server.endpoint();
    }

    /** <strong>Secret</strong> (a test value): the root token. */
    public String rootToken() {
        return fake.rootToken();
    }

    /**
     * Settings for the {@code vault-transit} provider against this fake: {@code address},
     * {@code token} (the root token) and {@code mount} (the first mount).
     */
    public ProviderConfig providerConfig() {
        return ProviderConfig.builder()
                .set("address", endpoint().toString())
                .set("token", fake.rootToken())
                .set("mount", fake.mounts().get(0))
                .build();
    }

    /**
     * A raw vault-java-driver client against the fake with the root token: engine version 1, no
     * retries, no environment lookups. Needs {@code io.github.jopenlibs:vault-java-driver} on the
     * test class path.
     */
    public Vault driver() {
        return DriverClients.vault(endpoint(), fake.rootToken(), null);
    }

    /** A raw driver client with another token and namespace (either may be {@code null}). */
    public Vault driver(String token, String namespace) {
        return DriverClients.vault(endpoint(), token, namespace);
    }

    /** Builds a {@link VaultTransitFakeExtension}. Not thread-safe. */
    public static final class Builder {
        private final VaultTransitFake.Builder fake = VaultTransitFake.builder();
        private int port;
        private boolean resetBeforeEach;

        private Builder() {
        }

        public Builder rootToken(String token) {
            fake.rootToken(token);
            return this;
        }

        /** Adds a Transit mount besides {@code transit}. */
        public Builder mount(String mount) {
            fake.mount(mount);
            return this;
        }

        public Builder appRole(String roleId, String secretId) {
            fake.appRole(roleId, secretId);
            return this;
        }

        public Builder limitedToken(String token, String... allowedPathPrefixes) {
            fake.limitedToken(token, allowedPathPrefixes);
            return this;
        }

        public Builder tokenTtl(java.time.Duration ttl, java.time.Duration maxTtl) {
            fake.tokenTtl(ttl, maxTtl);
            return this;
        }

        public Builder clock(java.time.Clock clock) {
            fake.clock(clock);
            return this;
        }

        /** A fixed port instead of a free one ({@code 0}, the default). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Whether to clear keys and issued tokens (not only faults) before each test (default off). */
        public Builder resetBeforeEach(boolean reset) {
            this.resetBeforeEach = reset;
            return this;
        }

        public VaultTransitFakeExtension build() {
            return new VaultTransitFakeExtension(this);
        }
    }
}
