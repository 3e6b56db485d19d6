package dev.kms4j.testkit.aws;

import dev.kms4j.ProviderConfig;
import dev.kms4j.testkit.aws.internal.SdkClients;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * JUnit 5 extension running an {@link AwsKmsFake} on a free port of {@code 127.0.0.1}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();
 *
 * KmsManager kms = KmsManager.builder().enable("aws-kms", AWS.providerConfig()).build();
 * KmsClient raw = AWS.sdkClient();
 * AWS.fake().faults().on("Encrypt").failTimes(2, Fault.throttle());
 * }</pre>
 *
 * <p>Registered on a static field, the fake starts once before all tests of the class and stops
 * after them; on an instance field it starts and stops around each test. Before each test the
 * fake's faults are cleared (keys are kept, so keys made in {@code @BeforeAll} survive; call
 * {@code fake().reset()} to clear them, or build with {@link Builder#resetBeforeEach(boolean)}).
 *
 * <p>Thread-safe for use from parallel tests of one class. The credentials are test values;
 * {@link #providerConfig()} carries the secret access key, as the provider needs it.
 */
public final class AwsKmsFakeExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final AwsKmsFake fake;
    private final int port;
    private final boolean resetBeforeEach;
    private final String secretAccessKey;
    private AwsKmsFakeServer server;
    /** The unique id of the class context that started the server (nested classes reuse it). */
    private String startedBy;
    private boolean perTest;
    private KmsClient sdkClient;

    private AwsKmsFakeExtension(Builder b) {
        this.fake = AwsKmsFake.builder().region(b.region).accessKeyId(b.accessKeyId)
                .secretAccessKey(b.secretAccessKey).verifySignatures(b.verifySignatures).build();
        this.port = b.port;
        this.resetBeforeEach = b.resetBeforeEach;
        this.secretAccessKey = b.secretAccessKey;
    }

    /** A builder with access key {@code test}/{@code test}, region {@code us-east-1}, a free port. */
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
            server = new AwsKmsFakeServer(fake).start(port);
        }
    }

    private void stop() {
        if (sdkClient != null) {
            sdkClient.close();
            sdkClient = null;
        }
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** The running fake: state, faults, {@code reset()}. */
    public AwsKmsFake fake() {
        return fake;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public synchronized URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("the AWS KMS fake is not running (register the extension with @RegisterExtension)");
        }
        return server.endpoint();
    }

    /** The region of the fake (and of its ARNs). */
    public String region() {
        return fake.region();
    }

    /** The access key id the fake accepts. */
    public String accessKeyId() {
        return fake.accessKeyId();
    }

    /** The secret access key the fake checks signatures with (a test value). */
    public String secretAccessKey() {
        return secretAccessKey;
    }

    /**
     * Settings for the {@code aws-kms} provider against this fake: {@code region},
     * {@code endpoint}, {@code access-key-id}, {@code secret-access-key} and
     * {@code max-sdk-retries=0} (kms4j retries itself).
     */
    public ProviderConfig providerConfig() {
        return ProviderConfig.builder()
                .set("region", region())
                .set("endpoint", endpoint().toString())
                .set("access-key-id", fake.accessKeyId())
                .set("secret-access-key", secretAccessKey)
                .set("max-sdk-retries", "0")
                .build();
    }

    /**
     * A raw AWS SDK v2 client against the fake (URL-connection HTTP client, static credentials,
     * fixed region, endpoint override, SDK default retries). Shared and closed when the fake
     * stops; needs {@code software.amazon.awssdk:kms} and {@code url-connection-client} on the
     * test class path.
     */
    public synchronized KmsClient sdkClient() {
        if (sdkClient == null) {
            sdkClient = sdkClientBuilder().build();
        }
        return sdkClient;
    }

    /** A builder for a further raw SDK client against the fake, to adjust (say, retries); the caller closes it. */
    public KmsClientBuilder sdkClientBuilder() {
        return SdkClients.kmsClientBuilder(endpoint(), region(), fake.accessKeyId(), secretAccessKey);
    }

    /** Builds an {@link AwsKmsFakeExtension}. Not thread-safe. */
    public static final class Builder {
        private String accessKeyId = "test";
        private String secretAccessKey = "test";
        private String region = "us-east-1";
        private int port;
        private boolean verifySignatures = true;
        private boolean resetBeforeEach;

        private Builder() {
        }

        public Builder accessKeyId(String accessKeyId) {
            this.accessKeyId = accessKeyId;
            return this;
        }

        public Builder secretAccessKey(String secretAccessKey) {
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** A fixed port instead of a free one ({@code 0}, the default). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Whether the fake recomputes SigV4 signatures (default on). */
        public Builder verifySignatures(boolean verify) {
            this.verifySignatures = verify;
            return this;
        }

        /** Whether to clear keys and aliases (not only faults) before each test (default off). */
        public Builder resetBeforeEach(boolean reset) {
            this.resetBeforeEach = reset;
            return this;
        }

        public AwsKmsFakeExtension build() {
            return new AwsKmsFakeExtension(this);
        }
    }
}
