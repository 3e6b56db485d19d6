package dev.kms4j.testkit.aws;

import dev.kms4j.testkit.aws.internal.AwsError;
import dev.kms4j.testkit.aws.internal.KmsOperations;
import dev.kms4j.testkit.aws.internal.RequestAuthenticator;
import dev.kms4j.testkit.faults.Fault;
import dev.kms4j.testkit.faults.FaultDecision;
import dev.kms4j.testkit.faults.Faults;
import dev.kms4j.testkit.internal.FakeHttpRequest;
import dev.kms4j.testkit.internal.FakeHttpResponse;
import dev.kms4j.testkit.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful, in-memory fake of AWS KMS speaking the awsJson1_1 wire protocol, with real
 * cryptography: symmetric ciphertexts are AES-256-GCM under per-key backing keys (rotation adds
 * one; old ciphertexts keep decrypting), signatures verify with the JDK, HMACs are real.
 *
 * <p>This class is the service logic only: it turns a {@link FakeHttpRequest} into a
 * {@link FakeHttpResponse} and knows nothing of the HTTP server. {@link AwsKmsFakeServer} serves
 * it over HTTP, {@link AwsKmsFakeExtension} wires it into JUnit 5.
 *
 * <p>Authentication: every request must carry a SigV4 {@code Authorization} header for the
 * configured access key id (otherwise {@code UnrecognizedClientException}); with
 * {@link Builder#verifySignatures(boolean)} (on by default) the signature is recomputed with the
 * secret access key and compared.
 *
 * <p>Thread-safe. Holds key material and the secret access key; never logs or prints them.
 * For tests only.
 */
public final class AwsKmsFake {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private static final Logger LOG = LoggerFactory.getLogger(AwsKmsFake.class);
    private static final String TARGET_PREFIX = "TrentService.";

    private final String region;
    private final String accessKeyId;
    private final KmsOperations operations;
    private final RequestAuthenticator authenticator;
    private final Faults faults = new Faults();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();

    private AwsKmsFake(Builder b) {
        this.region = b.region;
        this.accessKeyId = b.accessKeyId;
        this.operations = new KmsOperations(b.region, b.clock);
        this.authenticator = new RequestAuthenticator(b.accessKeyId, b.secretAccessKey, b.verifySignatures);
    }

    /** A builder with access key {@code test}/{@code test}, region {@code us-east-1}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The region in the fake's ARNs. */
    public String region() {
        return region;
    }

    /** The access key id the fake accepts. */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** The account id in the fake's ARNs. */
    public String accountId() {
        return "111122223333";
    }

    /** Fault injection, keyed by KMS operation name ({@code "Encrypt"}, {@code "Sign"}, …). */
    public Faults faults() {
        return faults;
    }

    /** Clears all faults, keys, aliases and request counts. */
    public void reset() {
        faults.clear();
        operations.clear();
        requestCounts.clear();
    }

    /** The ids of all keys, oldest first. */
    public List<String> keyIds() {
        return operations.keyIds();
    }

    /**
     * The KeyState ({@code Enabled}, {@code Disabled}, {@code PendingDeletion}) of the key named
     * by a key id, key ARN, alias name or alias ARN.
     *
     * @throws IllegalArgumentException if it names no key
     */
    public String keyState(String keyId) {
        try {
            return operations.keyState(keyId);
        } catch (AwsError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** How many requests for {@code operation} reached the fake (including failed ones). */
    public int requestCount(String operation) {
        AtomicInteger n = requestCounts.get(operation);
        return n == null ? 0 : n.get();
    }

    /**
     * Serves one request. Called by the HTTP layer; tests may call it directly.
     */
    public FakeHttpResponse handle(FakeHttpRequest request) {
        Objects.requireNonNull(request, "request");
        String target = request.header("x-amz-target");
        String operation = target != null && target.startsWith(TARGET_PREFIX)
                ? target.substring(TARGET_PREFIX.length()) : null;
        if (operation != null) {
            requestCounts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        }
        FaultDecision decision = faults.decide(operation);
        if (decision.fault().isPresent()) {
            return faultResponse(decision);
        }
        try {
            if (!"POST".equals(request.method()) || !"/".equals(request.path())) {
                throw new AwsError("UnknownOperationException", 404, null);
            }
            authenticator.check(request);
            if (operation == null) {
                throw new AwsError("UnknownOperationException", 400, null);
            }
            Map<String, Object> body = parseBody(request.body());
            Map<String, Object> answer = operations.invoke(operation, body);
            return json(200, Json.write(answer), decision.delay());
        } catch (AwsError e) {
            return json(e.status(), errorBody(e.type(), e.getMessage()), decision.delay());
        } catch (RuntimeException e) {
            // Only the type is logged: the exception message could in principle echo input.
            LOG.error("AWS KMS fake failed on {}: {}", operation, e.getClass().getName());
            return json(500, errorBody("KMSInternalException", "internal error in the fake"),
                    decision.delay());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseBody(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new AwsError("SerializationException", 400, "Malformed request body");
        }
        if (!(parsed instanceof Map)) {
            throw new AwsError("SerializationException", 400, "Request body must be a JSON object");
        }
        return (Map<String, Object>) parsed;
    }

    private static FakeHttpResponse faultResponse(FaultDecision decision) {
        Fault fault = decision.fault().orElseThrow();
        switch (fault.kind()) {
            case CONNECTION_RESET:
                return FakeHttpResponse.connectionReset(decision.delay());
            case THROTTLE:
                return json(400, errorBody("ThrottlingException", "Rate exceeded"), decision.delay());
            case TIMEOUT:
                // A real KMS error (HTTP 503) that the SDK models and kms4j maps to TIMEOUT.
                return json(503, errorBody("DependencyTimeoutException", "injected timeout"), decision.delay());
            default:
                int status = fault.httpStatus();
                String type = status == 503 ? "ServiceUnavailableException"
                        : status >= 500 ? "KMSInternalException" : "InjectedFaultException";
                return json(status, errorBody(type, "injected fault"), decision.delay());
        }
    }

    private static FakeHttpResponse json(int status, String body, Duration delay) {
        return FakeHttpResponse.of(status, CONTENT_TYPE, body, delay)
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    private static String errorBody(String type, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("__type", type);
        if (message != null) {
            m.put("message", message);
        }
        return Json.write(m);
    }

    /**
     * Builds an {@link AwsKmsFake}. Not thread-safe. The secret access key is used only to check
     * request signatures.
     */
    public static final class Builder {
        private String region = "us-east-1";
        private String accessKeyId = "test";
        private String secretAccessKey = "test";
        private boolean verifySignatures = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder region(String region) {
            this.region = requireText(region, "region");
            return this;
        }

        public Builder accessKeyId(String accessKeyId) {
            this.accessKeyId = requireText(accessKeyId, "accessKeyId");
            return this;
        }

        public Builder secretAccessKey(String secretAccessKey) {
            this.secretAccessKey = requireText(secretAccessKey, "secretAccessKey");
            return this;
        }

        /** Whether to recompute and check SigV4 signatures (default on). */
        public Builder verifySignatures(boolean verify) {
            this.verifySignatures = verify;
            return this;
        }

        /** The clock for creation, deletion and rotation dates. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public AwsKmsFake build() {
            return new AwsKmsFake(this);
        }

        private static String requireText(String v, String name) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return v;
        }
    }
}
