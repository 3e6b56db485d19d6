package dev.kms4j.bench;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.PublicKeys;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.testkit.aws.AwsKmsFake;
import dev.kms4j.testkit.aws.AwsKmsFakeServer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignRequest;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * AWS KMS Encrypt (1 KiB, one-entry encryption context) and Sign (ECDSA P-256, SHA-256, 1 KiB
 * message): {@code KmsManager} on the {@code aws-kms} provider next to the raw AWS SDK v2
 * {@link KmsClient}, both calling the same in-process {@link AwsKmsFake} over HTTP on 127.0.0.1.
 * The design's target for a remote provider is kms4j ≥ 90 % of the raw SDK call.
 *
 * <p>Both sides are configured alike, so the ratio shows only what kms4j adds:
 * <ul>
 *   <li>transport: the SDK's {@code url-connection-client} (JDK {@code HttpURLConnection},
 *       keep-alive), connect timeout 5 s, socket timeout 31 s;</li>
 *   <li>SDK: static credentials test/test (SigV4 signing on every request, checked by the fake),
 *       region us-east-1, endpoint override to the fake, API call timeout 30 s, attempt
 *       timeout 10 s, no SDK retries ({@code AwsRetryStrategy.doNotRetry()}, which is what the
 *       provider builds for {@code max-sdk-retries=0}). These are the provider's defaults, set
 *       explicitly on the raw client.</li>
 * </ul>
 * Per call:
 * <ul>
 *   <li>{@code rawEncrypt}: build an {@code EncryptRequest} (key ARN, plaintext wrapped without a
 *       copy, the context map), {@code encrypt}, copy the ciphertext blob out;
 *       {@code kms4jEncrypt}: {@code KmsManager.encrypt} → argument checks, routing by scheme,
 *       provider's key-id classification and size check, {@code context.asMap()}, the same SDK
 *       request, the same copy out.</li>
 *   <li>{@code rawSign}: {@code MessageDigest.getInstance("SHA-256")}, hash the message, build a
 *       {@code SignRequest} (ECDSA_SHA_256, MessageType=DIGEST), {@code sign}, copy the signature
 *       out; {@code kms4jSign}: {@code KmsManager.sign} → checks and routing, the provider hashes
 *       locally the same way and sends the same request.</li>
 * </ul>
 * Each call is a full HTTP round trip to the fake (which runs its real AES-GCM and ECDSA and
 * recomputes the SigV4 signature), so both sides are dominated by the SDK pipeline and the
 * fake, both in this JVM; kms4j's own work is microseconds at most.
 *
 * <p>Thread safety: one fake server, one {@code KmsManager} and one raw client, shared by all
 * benchmark threads as in an application. The inputs are random, not secret.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class AwsKms1KiBBenchmark {
    private static final String REGION = "us-east-1";
    /** The fake's fixed test credentials, not a real secret. */
    private static final String ACCESS_KEY_ID = "test";
    private static final String SECRET_ACCESS_KEY = "test";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /** What the provider sets: a little longer than the longer of the two SDK timeouts. */
    private static final Duration SOCKET_TIMEOUT = API_CALL_TIMEOUT.plusSeconds(1);
    private static final Map<String, String> CONTEXT = Map.of("tenant", "acme");

    private AwsKmsFakeServer server;
    private byte[] plaintext;
    private byte[] message;

    private KmsManager kms;
    private KeyRef aesKey;
    private KeyRef ecKey;
    private EncryptionContext context;

    private KmsClient rawClient;
    private String aesKeyArn;
    private String ecKeyArn;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        AwsKmsFake fake = AwsKmsFake.builder().build();
        server = new AwsKmsFakeServer(fake).start(0);
        plaintext = LocalKms.randomBytes(1024);
        message = LocalKms.randomBytes(1024);
        context = EncryptionContext.of(CONTEXT);

        rawClient = rawClient();
        // Keys are made with the raw SDK; both sides then name them by the same key ARN.
        aesKeyArn = rawClient.createKey(b -> b.keySpec(KeySpec.SYMMETRIC_DEFAULT)
                .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata().arn();
        ecKeyArn = rawClient.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();

        kms = kmsManager();
        aesKey = KeyRef.of("aws-kms", aesKeyArn);
        ecKey = KeyRef.of("aws-kms", ecKeyArn);

        // Encryption: each side decrypts its own ciphertext, and the other side's, to the plaintext.
        byte[] kmsCiphertext = kms4jEncrypt();
        byte[] rawCiphertext = rawEncrypt();
        Checks.require(MessageDigest.isEqual(kms.decrypt(aesKey, kmsCiphertext, context), plaintext),
                "kms4j decrypt of its own ciphertext");
        Checks.require(MessageDigest.isEqual(rawDecrypt(rawCiphertext), plaintext), "raw decrypt of its own ciphertext");
        Checks.require(MessageDigest.isEqual(rawDecrypt(kmsCiphertext), plaintext), "raw decrypt of kms4j's ciphertext");

        // Signatures: both verify with the JDK under the key's public key, over the whole message.
        PublicKey publicKey = PublicKeys.fromDer(rawClient.getPublicKey(b -> b.keyId(ecKeyArn)).publicKey().asByteArray());
        Checks.require(jdkVerify(publicKey, kms4jSign()), "JDK verify of kms4j's signature");
        Checks.require(jdkVerify(publicKey, rawSign()), "JDK verify of the raw signature");
        Checks.require(kms.verify(ecKey, SignatureAlgorithm.ECDSA_SHA256, message, rawSign()),
                "kms4j verify of the raw signature");
        // One HTTP request per kms4j call, as on the raw side: no key lookups on the hot path.
        Checks.require(fake.requestCount("DescribeKey") == 0, "kms4j made no DescribeKey calls");
        Checks.require(fake.requestCount("Encrypt") == 2 && fake.requestCount("Sign") == 3,
                "one Encrypt or Sign request per call on each side");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            kms.close();
            rawClient.close();
        } finally {
            server.stop();
        }
    }

    @Benchmark
    public byte[] kms4jEncrypt() {
        return kms.encrypt(aesKey, plaintext, context);
    }

    @Benchmark
    public byte[] kms4jSign() {
        return kms.sign(ecKey, SignatureAlgorithm.ECDSA_SHA256, message);
    }

    @Benchmark
    public byte[] rawEncrypt() {
        return rawClient.encrypt(EncryptRequest.builder()
                .keyId(aesKeyArn)
                .plaintext(SdkBytes.fromByteArrayUnsafe(plaintext))
                .encryptionContext(CONTEXT)
                .build()).ciphertextBlob().asByteArray();
    }

    @Benchmark
    public byte[] rawSign() throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        return rawClient.sign(SignRequest.builder()
                .keyId(ecKeyArn)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                .messageType(MessageType.DIGEST)
                .message(SdkBytes.fromByteArrayUnsafe(digest))
                .build()).signature().asByteArray();
    }

    private byte[] rawDecrypt(byte[] ciphertext) {
        return rawClient.decrypt(DecryptRequest.builder()
                .keyId(aesKeyArn)
                .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(ciphertext))
                .encryptionContext(CONTEXT)
                .build()).plaintext().asByteArray();
    }

    private boolean jdkVerify(PublicKey publicKey, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(message);
        return verifier.verify(signature);
    }

    /** The raw client, configured as the provider configures its own (see the class comment). */
    private KmsClient rawClient() {
        return KmsClient.builder()
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(API_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .build())
                .endpointOverride(server.endpoint())
                .build();
    }

    /**
     * The aws-kms provider against the fake. System properties and the environment are ignored,
     * so a developer's {@code AWS_*} variables cannot change what is measured.
     */
    private KmsManager kmsManager() {
        ProviderConfig config = ProviderConfig.builder()
                .setAll(Map.of(
                        "region", REGION,
                        "endpoint", server.endpoint().toString(),
                        "access-key-id", ACCESS_KEY_ID,
                        "secret-access-key", SECRET_ACCESS_KEY,
                        "max-sdk-retries", "0",
                        "connect-timeout", CONNECT_TIMEOUT.toString(),
                        "api-call-timeout", API_CALL_TIMEOUT.toString(),
                        "api-call-attempt-timeout", API_CALL_ATTEMPT_TIMEOUT.toString()))
                .systemProperties(new Properties())
                .environment(Map.of())
                .build();
        return KmsManager.builder().enable("aws-kms", config).build();
    }
}
