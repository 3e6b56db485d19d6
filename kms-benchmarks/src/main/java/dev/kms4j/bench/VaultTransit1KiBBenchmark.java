package dev.kms4j.bench;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.PublicKeys;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.testkit.vault.VaultTransitFake;
import dev.kms4j.testkit.vault.VaultTransitFakeServer;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.rest.RestResponse;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
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

/**
 * Vault Transit encrypt (1 KiB, one-entry encryption context bound as {@code associated_data})
 * and sign (ECDSA P-256, SHA-256 prehashed, 1 KiB message): {@code KmsManager} on the
 * {@code vault-transit} provider next to the raw vault-java-driver, both calling the same
 * in-process {@link VaultTransitFake} over HTTP on 127.0.0.1. The design's target for a remote
 * provider is kms4j ≥ 90 % of the raw call.
 *
 * <p>Both sides are configured alike, so the ratio shows only what kms4j adds: the driver with
 * engine version 1, no retries, no environment lookups, one shared JDK {@link HttpClient}
 * (HTTP/1.1, connect timeout 5 s), read timeout 30 s, root token {@code root}.
 * Per call:
 * <ul>
 *   <li>{@code rawEncrypt}: base64 the plaintext and the context's AAD bytes, {@code logical().write}
 *       to {@code transit/encrypt/<key>}, check the status, parse the answer, take the ciphertext
 *       as UTF-8 bytes; {@code kms4jEncrypt}: {@code KmsManager.encrypt} → argument checks,
 *       routing, key-id validation, the cached key type, the same request, the same parsing, plus
 *       a check of Vault's warnings.</li>
 *   <li>{@code rawSign}: SHA-256 the message, base64 it, write {@code transit/sign/<key>} with
 *       {@code prehashed}, {@code hash_algorithm} and {@code marshaling_algorithm}, decode the
 *       signature; {@code kms4jSign}: {@code KmsManager.sign} → the same.</li>
 * </ul>
 * Each call is a full HTTP round trip to the fake (which runs its real AES-GCM and ECDSA), so
 * both sides are dominated by HTTP and the fake, both in this JVM.
 *
 * <p>Thread safety: one fake server, one {@code KmsManager} and one raw driver, shared by all
 * benchmark threads. The inputs are random, not secret; the token is the fake's test value.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class VaultTransit1KiBBenchmark {
    /** The fake's test root token, not a real secret. */
    private static final String TOKEN = "root";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int READ_TIMEOUT_SECONDS = 30;
    private static final String AES_KEY = "bench-aes";
    private static final String EC_KEY = "bench-ec";

    private VaultTransitFakeServer server;
    private VaultTransitFake fake;
    private byte[] plaintext;
    private byte[] message;

    private KmsManager kms;
    private KeyRef aesKey;
    private KeyRef ecKey;
    private EncryptionContext context;

    private Vault raw;
    private String aad;

    /** The driver would read VAULT_TOKEN or ~/.vault-token itself; the provider turns that off too. */
    static final class NoEnvironment extends EnvironmentLoader {
        private static final long serialVersionUID = 1L;

        @Override
        public String loadVariable(String name) {
            return null;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fake = VaultTransitFake.builder().rootToken(TOKEN).build();
        server = new VaultTransitFakeServer(fake).start(0);
        plaintext = LocalKms.randomBytes(1024);
        message = LocalKms.randomBytes(1024);
        context = EncryptionContext.of(Map.of("tenant", "acme"));
        aad = Base64.getEncoder().encodeToString(context.toAad());

        raw = rawDriver();
        // Keys are made with the raw driver; both sides then name them alike.
        Checks.require(raw.logical().write("transit/keys/" + AES_KEY, Map.of("type", "aes256-gcm96"))
                .getRestResponse().getStatus() == 200, "raw create of the AES key");
        Checks.require(raw.logical().write("transit/keys/" + EC_KEY, Map.of("type", "ecdsa-p256"))
                .getRestResponse().getStatus() == 200, "raw create of the EC key");

        kms = kmsManager();
        String authority = server.endpoint().getAuthority();
        aesKey = KeyRef.of("vault-transit", authority + "/transit/" + AES_KEY);
        ecKey = KeyRef.of("vault-transit", authority + "/transit/" + EC_KEY);

        // Encryption: each side's ciphertext decrypts on the other side.
        byte[] kmsCiphertext = kms4jEncrypt();
        byte[] rawCiphertext = rawEncrypt();
        Checks.require(MessageDigest.isEqual(kms.decrypt(aesKey, rawCiphertext, context), plaintext),
                "kms4j decrypt of the raw ciphertext");
        Checks.require(MessageDigest.isEqual(rawDecrypt(kmsCiphertext), plaintext), "raw decrypt of kms4j's ciphertext");

        // Signatures: both verify with the JDK under the key's public key.
        PublicKey publicKey = kms.getPublicKey(ecKey);
        Checks.require(jdkVerify(publicKey, kms4jSign()), "JDK verify of kms4j's signature");
        Checks.require(jdkVerify(publicKey, rawSign()), "JDK verify of the raw signature");
        // kms4j read each key once (type cache); after that, one request per call as on the raw side.
        int reads = fake.requestCount("keys.read");
        kms4jEncrypt();
        kms4jSign();
        Checks.require(fake.requestCount("keys.read") == reads, "no key reads on kms4j's hot path");
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
    public byte[] kms4jEncrypt() {
        return kms.encrypt(aesKey, plaintext, context);
    }

    @Benchmark
    public byte[] kms4jSign() {
        return kms.sign(ecKey, SignatureAlgorithm.ECDSA_SHA256, message);
    }

    @Benchmark
    public byte[] rawEncrypt() throws VaultException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plaintext", Base64.getEncoder().encodeToString(plaintext));
        body.put("associated_data", aad);
        return data(raw.logical().write("transit/encrypt/" + AES_KEY, body).getRestResponse())
                .getString("ciphertext", "").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] rawSign() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input", Base64.getEncoder().encodeToString(digest));
        body.put("prehashed", Boolean.TRUE);
        body.put("hash_algorithm", "sha2-256");
        body.put("marshaling_algorithm", "asn1");
        String signature = data(raw.logical().write("transit/sign/" + EC_KEY, body).getRestResponse())
                .getString("signature", "");
        return Base64.getDecoder().decode(signature.substring(signature.indexOf(':', 6) + 1));
    }

    private byte[] rawDecrypt(byte[] ciphertext) throws VaultException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ciphertext", new String(ciphertext, StandardCharsets.UTF_8));
        body.put("associated_data", aad);
        return Base64.getDecoder().decode(data(raw.logical().write("transit/decrypt/" + AES_KEY, body)
                .getRestResponse()).getString("plaintext", ""));
    }

    /** The answer's data; the driver returns 4xx answers instead of throwing, so the status is checked. */
    private static JsonObject data(RestResponse r) {
        if (r.getStatus() != 200) {
            throw new IllegalStateException("Vault answered HTTP " + r.getStatus());
        }
        return Json.parse(new String(r.getBody(), StandardCharsets.UTF_8)).asObject().get("data").asObject();
    }

    private boolean jdkVerify(PublicKey publicKey, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(message);
        return verifier.verify(signature);
    }

    /** The raw driver, configured as the provider configures its own (see the class comment). */
    private Vault rawDriver() throws VaultException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).build();
        VaultConfig config = new VaultConfig()
                .environmentLoader(new NoEnvironment())
                .address(server.endpoint().toString())
                .token(TOKEN)
                .openTimeout((int) CONNECT_TIMEOUT.getSeconds())
                .readTimeout(READ_TIMEOUT_SECONDS)
                .httpClient(http)
                .build();
        return Vault.create(config, 1).withRetries(0, 0);
    }

    /** The vault-transit provider against the fake; system properties and the environment are ignored. */
    private KmsManager kmsManager() {
        ProviderConfig config = ProviderConfig.builder()
                .setAll(Map.of(
                        "address", server.endpoint().toString(),
                        "token", TOKEN,
                        "open-timeout", CONNECT_TIMEOUT.toString(),
                        "read-timeout", READ_TIMEOUT_SECONDS + "s"))
                .systemProperties(new Properties())
                .environment(Map.of())
                .build();
        return KmsManager.builder().enable("vault-transit", config).build();
    }
}
