package dev.kms4j.testkit.azure;

import dev.kms4j.testkit.azure.internal.AzureError;
import dev.kms4j.testkit.azure.internal.KeyVaultOperations;
import dev.kms4j.testkit.azure.internal.VaultRequest;
import dev.kms4j.testkit.faults.Fault;
import dev.kms4j.testkit.faults.FaultDecision;
import dev.kms4j.testkit.faults.Faults;
import dev.kms4j.testkit.internal.FakeHttpRequest;
import dev.kms4j.testkit.internal.FakeHttpResponse;
import dev.kms4j.testkit.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 * A stateful, in-memory fake of Azure Key Vault (keys only) speaking the Key Vault REST protocol
 * closely enough that the official Azure SDK ({@code KeyClient}, {@code CryptographyClient})
 * works against it unchanged, with real cryptography: signatures verify with the JDK,
 * ciphertexts decrypt only under the key version that made them.
 *
 * <p>What it implements: keys of type {@code EC}/{@code EC-HSM} (P-256, P-384, P-521, P-256K),
 * {@code RSA}/{@code RSA-HSM} (2048, 3072, 4096) and {@code oct}/{@code oct-HSM} (128, 192, 256
 * bits); versions and attributes (enabled, nbf, exp, created, updated), {@code key_ops}, tags;
 * get, list keys and versions with {@code nextLink} paging, rotate, update, soft delete with
 * {@code recoveryId}, get/list deleted keys, recover, purge; sign and verify (ES256, ES256K,
 * ES384, ES512, RS*, PS*; ECDSA as raw {@code R||S}); encrypt and decrypt (RSA1_5, RSA-OAEP,
 * RSA-OAEP-256, A128/192/256GCM with AAD); wrap and unwrap (RSA*, A128/192/256KW); rotation
 * policy get and set. Any {@code api-version} is accepted; binary fields are base64url without
 * padding; errors use Key Vault's {@code {"error":{"code","message","innererror"}}} body. A
 * version that is disabled, not yet valid or expired refuses every key operation with 403
 * {@code Forbidden}/{@code KeyDisabled}.
 *
 * <p>Authentication: a request without a bearer token gets the Key Vault challenge (401 with
 * {@code WWW-Authenticate: Bearer authorization="…", resource="https://vault.azure.net"}) before
 * anything else is looked at, as the SDK expects. After that any non-empty token is accepted,
 * or only the one set with {@link Builder#acceptedToken(String)}.
 *
 * <p>Faults ({@link #faults()}) are keyed by the REST operation names in {@link VaultRequest}
 * ({@code "Sign"}, {@code "Decrypt"}, {@code "GetKey"}, {@code "CreateKey"}, …) and apply to
 * authenticated requests only; a throttle is a 429 with {@code Retry-After}.
 *
 * <p>This class is the service logic; {@link AzureKeyVaultFakeServer} serves it over HTTPS and
 * {@link AzureKeyVaultFakeExtension} wires it into JUnit 5. Thread-safe. Holds key material and
 * possibly the accepted token; never logs or prints them. For tests only.
 */
public final class AzureKeyVaultFake {
    /** The tenant named in the challenge. */
    public static final String TENANT_ID = "00000000-0000-0000-0000-000000000000";
    /** The resource named in the challenge, as real vaults name it. */
    public static final String RESOURCE = "https://vault.azure.net";

    private static final Logger LOG = LoggerFactory.getLogger(AzureKeyVaultFake.class);
    private static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final String CHALLENGE = "Bearer authorization=\"https://login.microsoftonline.com/" + TENANT_ID
            + "\", resource=\"" + RESOURCE + "\"";

    private final KeyVaultOperations operations;
    private final byte[] acceptedToken;
    private final int retryAfterSeconds;
    private final Faults faults = new Faults();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private final AtomicInteger challenges = new AtomicInteger();

    private AzureKeyVaultFake(Builder b) {
        this.operations = new KeyVaultOperations(b.clock, b.recoverableDays, b.pageSize);
        this.acceptedToken = b.acceptedToken == null ? null : b.acceptedToken.getBytes(StandardCharsets.UTF_8);
        this.retryAfterSeconds = b.retryAfterSeconds;
    }

    /** A builder: any non-empty token, 90 recoverable days, pages of 25. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fault injection keyed by REST operation name (see the class comment). */
    public Faults faults() {
        return faults;
    }

    /** Clears keys, deleted keys, rotation policies, faults and counters. */
    public void reset() {
        faults.clear();
        operations.clear();
        requestCounts.clear();
        challenges.set(0);
    }

    /** Names of the active keys, sorted case-insensitively. */
    public List<String> keyNames() {
        return operations.keyNames();
    }

    /** Names of the soft-deleted keys. */
    public List<String> deletedKeyNames() {
        return operations.deletedKeyNames();
    }

    /**
     * The versions of an active key, oldest first.
     *
     * @throws IllegalArgumentException if there is no such active key
     */
    public List<String> versions(String keyName) {
        try {
            return operations.versions(keyName);
        } catch (AzureError e) {
            throw new IllegalArgumentException("no active key named " + keyName);
        }
    }

    /** How many authenticated requests for {@code operation} reached the fake (including failed ones). */
    public int requestCount(String operation) {
        AtomicInteger n = requestCounts.get(operation);
        return n == null ? 0 : n.get();
    }

    /** How many 401 challenges the fake has answered. */
    public int challengeCount() {
        return challenges.get();
    }

    /** Serves one request. Called by the HTTP layer; tests may call it directly. */
    public FakeHttpResponse handle(FakeHttpRequest request) {
        Objects.requireNonNull(request, "request");
        // The SDK's first request carries neither token nor body: challenge before validating anything.
        if (!authenticated(request.header("Authorization"))) {
            challenges.incrementAndGet();
            return json(401, error("Unauthorized", null, "AKV10000: Request is missing a Bearer or PoP token."),
                    Duration.ZERO).withHeader("WWW-Authenticate", CHALLENGE);
        }
        VaultRequest routed;
        try {
            routed = VaultRequest.route(request.method(), request.path());
        } catch (AzureError e) {
            return json(e.status(), error(e.code(), e.innerCode(), e.getMessage()), Duration.ZERO);
        }
        String operation = routed == null ? null : routed.operation();
        if (operation != null) {
            requestCounts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        }
        FaultDecision decision = faults.decide(operation);
        if (decision.fault().isPresent()) {
            return faultResponse(decision);
        }
        if (routed == null) {
            return json(404, error("NotFound", null, "The requested resource is not a Key Vault keys resource."),
                    decision.delay());
        }
        try {
            Map<String, Object> body = parseBody(request.body());
            Map<String, Object> answer = operations.invoke(routed, body, base(request));
            if (answer == null) {
                return FakeHttpResponse.of(204, null, null, decision.delay());
            }
            return json(200, Json.write(answer), decision.delay());
        } catch (AzureError e) {
            return json(e.status(), error(e.code(), e.innerCode(), e.getMessage()), decision.delay());
        } catch (RuntimeException e) {
            // Only the type is logged: a message could in principle echo input.
            LOG.error("Azure Key Vault fake failed on {}: {}", operation, e.getClass().getName());
            return json(500, error("InternalServerError", null, "internal error in the fake"), decision.delay());
        }
    }

    private boolean authenticated(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty()) {
            return false;
        }
        return acceptedToken == null || MessageDigest.isEqual(acceptedToken, token.getBytes(StandardCharsets.UTF_8));
    }

    private static String base(FakeHttpRequest request) {
        String host = request.header("Host");
        return "https://" + (host == null || host.isBlank() ? "127.0.0.1" : host.trim());
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
            throw new AzureError(400, "BadParameter", null, "The request body is not valid JSON.");
        }
        if (!(parsed instanceof Map)) {
            throw new AzureError(400, "BadParameter", null, "The request body must be a JSON object.");
        }
        return (Map<String, Object>) parsed;
    }

    private FakeHttpResponse faultResponse(FaultDecision decision) {
        Fault fault = decision.fault().orElseThrow();
        switch (fault.kind()) {
            case CONNECTION_RESET:
                return FakeHttpResponse.connectionReset(decision.delay());
            case THROTTLE:
                return json(429, error("Throttled", null, "Request was not processed because too many requests were"
                        + " received. Reason: VaultRequestTypeLimitReached"), decision.delay())
                        .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
            default:
                int status = fault.httpStatus();
                String code = status == 503 ? "ServiceUnavailable" : status >= 500 ? "InternalServerError" : "InjectedFault";
                return json(status, error(code, null, "injected fault"), decision.delay());
        }
    }

    private static FakeHttpResponse json(int status, String body, Duration delay) {
        return FakeHttpResponse.of(status, CONTENT_TYPE, body, delay)
                .withHeader("x-ms-request-id", UUID.randomUUID().toString());
    }

    private static String error(String code, String innerCode, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        if (innerCode != null) {
            e.put("innererror", Map.of("code", innerCode));
        }
        return Json.write(Map.of("error", e));
    }

    /** Builds an {@link AzureKeyVaultFake}. Not thread-safe. */
    public static final class Builder {
        private String acceptedToken;
        private Clock clock = Clock.systemUTC();
        private int recoverableDays = 90;
        private int pageSize = 25;
        private int retryAfterSeconds = 1;

        private Builder() {
        }

        /** Accept only this bearer token (default: any non-empty token). <strong>Secret</strong> in real life; a test value here. */
        public Builder acceptedToken(String token) {
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
            this.acceptedToken = token;
            return this;
        }

        /** The clock for created, updated, deleted and purge dates. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Days a deleted key stays recoverable (Key Vault allows 7 to 90; default 90). */
        public Builder recoverableDays(int days) {
            if (days < 7 || days > 90) {
                throw new IllegalArgumentException("recoverable days must be 7 to 90");
            }
            this.recoverableDays = days;
            return this;
        }

        /** Largest page of list results (default 25, as Key Vault). */
        public Builder pageSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("page size must be positive");
            }
            this.pageSize = size;
            return this;
        }

        /** The {@code Retry-After} seconds of an injected throttle (default 1). */
        public Builder retryAfterSeconds(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("Retry-After must not be negative");
            }
            this.retryAfterSeconds = seconds;
            return this;
        }

        public AzureKeyVaultFake build() {
            return new AzureKeyVaultFake(this);
        }
    }
}
