package dev.kms4j.bench;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Context;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.EncryptParameters;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateOctKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.testkit.azure.AzureKeyVaultFake;
import dev.kms4j.testkit.azure.AzureKeyVaultFakeServer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
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
import reactor.core.publisher.Mono;

/**
 * Azure Key Vault Sign (ECDSA P-256, SHA-256, 1 KiB message) and Encrypt (AES-256-GCM with AAD,
 * 1 KiB, an {@code oct-HSM} key as on Managed HSM): {@code KmsManager} on the {@code azure-kv}
 * provider next to the raw Azure SDK {@link CryptographyClient}, both calling the same
 * in-process {@link AzureKeyVaultFake} over HTTPS on 127.0.0.1. The design's target for a remote
 * provider is kms4j ≥ 90 % of the raw SDK call.
 *
 * <p>Both sides are configured alike, so the ratio shows only what kms4j adds: the JDK
 * {@code HttpClient} transport (HTTP/1.1, trusting only the fake's certificate, connect timeout
 * 5 s, response and read timeout 30 s), a static bearer token, challenge resource verification
 * off, no SDK retries (the provider's {@code max-sdk-retries=0}) and key caching off (the
 * provider builds its cryptography clients that way, so every operation runs in the vault with
 * the exact version; the raw client would otherwise also sign remotely, after one extra read).
 * Per call:
 * <ul>
 *   <li>{@code rawSign}: hash the message with SHA-256, {@code sign(ES256, digest)}, take the raw
 *       {@code R||S}; {@code kms4jSign}: {@code KmsManager.sign} → checks and routing, the
 *       provider's key-id parsing and cached key kind, the same hash and request, then
 *       {@code R||S} → DER (the format kms4j promises).</li>
 *   <li>{@code rawEncrypt}: {@code encrypt(A256GCM, plaintext, aad)}; {@code kms4jEncrypt}:
 *       {@code KmsManager.encrypt} → the context's canonical AAD bytes, the same request, then
 *       packing version, IV, tag and ciphertext into one blob.</li>
 * </ul>
 * Each call is a full HTTPS round trip to the fake (real ECDSA and AES-GCM), so both sides are
 * dominated by the SDK pipeline and the fake, both in this JVM.
 *
 * <p>Thread safety: one fake server, one {@code KmsManager} and one raw client per key, shared by
 * all benchmark threads. The inputs are random, not secret; the token is a test value.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class AzureKv1KiBBenchmark {
    /** The fake accepts any non-empty token; a test value, not a secret. */
    private static final String TOKEN = "bench-token";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, String> CONTEXT = Map.of("tenant", "acme");

    private AzureKeyVaultFakeServer server;
    private byte[] plaintext;
    private byte[] message;
    private byte[] aad;

    private KmsManager kms;
    private KeyRef ecKey;
    private KeyRef aesKey;
    private EncryptionContext context;

    private CryptographyClient rawEc;
    private CryptographyClient rawAes;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        AzureKeyVaultFake fake = AzureKeyVaultFake.builder().build();
        server = new AzureKeyVaultFakeServer(fake).start(0);
        plaintext = LocalKms.randomBytes(1024);
        message = LocalKms.randomBytes(1024);
        context = EncryptionContext.of(CONTEXT);
        aad = LocalKms.randomBytes(40);

        SSLContext trust = server.sslContext();
        KeyClient keys = new KeyClientBuilder().vaultUrl(server.endpoint().toString()).httpClient(httpClient(trust))
                .credential(token()).retryOptions(noRetries()).disableChallengeResourceVerification().buildClient();
        // Keys are made with the raw SDK; both sides then name them by the same key name.
        KeyVaultKey ec = keys.createEcKey(new CreateEcKeyOptions("bench-ec").setCurveName(KeyCurveName.P_256));
        KeyVaultKey aes = keys.createOctKey(new CreateOctKeyOptions("bench-aes").setKeySize(256).setHardwareProtected(true));
        rawEc = rawClient(trust, ec.getId());
        rawAes = rawClient(trust, aes.getId());

        kms = kmsManager();
        String host = server.endpoint().getAuthority();
        ecKey = KeyRef.of("azure-kv", host + "/bench-ec");
        aesKey = KeyRef.of("azure-kv", host + "/bench-aes");

        // Signatures: both verify with the JDK under the key's public key, over the whole message.
        PublicKey publicKey = ec.getKey().toEc().getPublic();
        Checks.require(jdkVerify("SHA256withECDSA", publicKey, kms4jSign()), "JDK verify of kms4j's signature");
        Checks.require(jdkVerify("SHA256withECDSAinP1363Format", publicKey, rawSign()), "JDK verify of the raw signature");
        // Encryption: kms4j's ciphertext decrypts through kms4j; the raw side's through the raw client.
        Checks.require(MessageDigest.isEqual(kms.decrypt(aesKey, kms4jEncrypt(), context), plaintext),
                "kms4j decrypt of its own ciphertext");
        var raw = rawAes.encrypt(EncryptParameters.createA256GcmParameters(plaintext, aad), Context.NONE);
        Checks.require(MessageDigest.isEqual(rawAes.decrypt(com.azure.security.keyvault.keys.cryptography.models
                .DecryptParameters.createA256GcmParameters(raw.getCipherText(), raw.getIv(), raw.getAuthenticationTag(), aad),
                Context.NONE).getPlainText(), plaintext), "raw decrypt of its own ciphertext");
        // One request per kms4j call, as on the raw side: no key reads on the hot path once the kind is cached.
        int reads = fake.requestCount("GetKey");
        kms4jSign();
        kms4jEncrypt();
        Checks.require(fake.requestCount("GetKey") == reads, "kms4j made no key reads on the hot path");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            kms.close();
        } finally {
            server.stop();
        }
    }

    @Benchmark
    public byte[] kms4jSign() {
        return kms.sign(ecKey, SignatureAlgorithm.ECDSA_SHA256, message);
    }

    @Benchmark
    public byte[] rawSign() throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        return rawEc.sign(com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.ES256, digest)
                .getSignature();
    }

    @Benchmark
    public byte[] kms4jEncrypt() {
        return kms.encrypt(aesKey, plaintext, context);
    }

    @Benchmark
    public byte[] rawEncrypt() {
        return rawAes.encrypt(EncryptParameters.createA256GcmParameters(plaintext, aad), Context.NONE).getCipherText();
    }

    private boolean jdkVerify(String algorithm, PublicKey publicKey, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static HttpClient httpClient(SSLContext trust) {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(trust)
                .version(java.net.http.HttpClient.Version.HTTP_1_1))
                .connectionTimeout(CONNECT_TIMEOUT).responseTimeout(RESPONSE_TIMEOUT).readTimeout(RESPONSE_TIMEOUT)
                .build();
    }

    private static TokenCredential token() {
        return request -> Mono.fromSupplier(() -> new AccessToken(TOKEN, OffsetDateTime.now().plusMinutes(5)));
    }

    private static RetryOptions noRetries() {
        return new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(0)
                .setBaseDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(2)));
    }

    /** The raw client, configured as the provider configures its own (see the class comment). */
    private static CryptographyClient rawClient(SSLContext trust, String keyId) {
        return new CryptographyClientBuilder().keyIdentifier(keyId).httpClient(httpClient(trust)).credential(token())
                .retryOptions(noRetries()).disableChallengeResourceVerification().disableKeyCaching().buildClient();
    }

    /**
     * The azure-kv provider against the fake. System properties and the environment are ignored,
     * so a developer's {@code AZURE_*} variables cannot change what is measured.
     */
    private KmsManager kmsManager() {
        ProviderConfig config = ProviderConfig.builder()
                .setAll(Map.of(
                        "vault-url", server.endpoint().toString(),
                        "auth-token", TOKEN,
                        "trust-cert", server.certificatePem(),
                        "challenge-resource-verification", "false",
                        "max-sdk-retries", "0",
                        "connect-timeout", CONNECT_TIMEOUT.toString(),
                        "response-timeout", RESPONSE_TIMEOUT.toString()))
                .systemProperties(new Properties())
                .environment(Map.of())
                .build();
        return KmsManager.builder().enable("azure-kv", config).build();
    }
}
