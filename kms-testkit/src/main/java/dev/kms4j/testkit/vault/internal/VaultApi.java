package dev.kms4j.testkit.vault.internal;

import dev.kms4j.testkit.faults.Fault;
import dev.kms4j.testkit.faults.FaultDecision;
import dev.kms4j.testkit.faults.Faults;
import dev.kms4j.testkit.internal.FakeHttpRequest;
import dev.kms4j.testkit.internal.FakeHttpResponse;
import dev.kms4j.testkit.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vault's HTTP API as the fake serves it: routes {@code /v1/...} requests by method and path to
 * {@code sys/health}, AppRole login, token self-renewal and lookup, and the Transit engines
 * mounted at the configured paths (one set of engines per {@code X-Vault-Namespace}); checks
 * {@code X-Vault-Token}; applies injected faults; renders answers and errors in Vault's JSON.
 *
 * <p>Fault-injection operation names: {@code health}, {@code login}, {@code renew-self},
 * {@code lookup-self}, {@code keys.create}, {@code keys.read}, {@code keys.list},
 * {@code keys.config}, {@code keys.rotate}, {@code keys.delete}, {@code encrypt},
 * {@code decrypt}, {@code rewrap}, {@code datakey}, {@code sign}, {@code verify}, {@code hmac}.
 *
 * <p>Thread-safe. Request bodies hold plaintexts and tokens travel in headers: nothing of either is
 * logged.
 */
public final class VaultApi {
    private static final Logger LOG = LoggerFactory.getLogger(VaultApi.class);
    private static final String JSON = "application/json";
    private static final Map<String, Set<String>> KNOWN_PARAMETERS = Map.ofEntries(
            Map.entry("keys.create", Set.of("type", "derived", "exportable", "key_size", "convergent_encryption",
                    "allow_plaintext_backup", "auto_rotate_period", "managed_key_name", "managed_key_id")),
            Map.entry("keys.config", Set.of("min_decryption_version", "min_encryption_version", "deletion_allowed",
                    "exportable", "allow_plaintext_backup", "auto_rotate_period")),
            Map.entry("encrypt", Set.of("plaintext", "context", "key_version", "nonce", "type", "convergent_encryption",
                    "associated_data", "partial_failure_response_code", "batch_input")),
            Map.entry("decrypt", Set.of("ciphertext", "context", "nonce", "associated_data",
                    "partial_failure_response_code", "batch_input")),
            Map.entry("rewrap", Set.of("ciphertext", "context", "key_version", "nonce", "associated_data", "batch_input")),
            Map.entry("datakey", Set.of("context", "nonce", "bits", "key_version", "associated_data")),
            Map.entry("sign", Set.of("input", "context", "key_version", "hash_algorithm", "algorithm", "prehashed",
                    "signature_algorithm", "marshaling_algorithm", "salt_length", "batch_input")),
            Map.entry("verify", Set.of("input", "signature", "hmac", "context", "hash_algorithm", "algorithm",
                    "prehashed", "signature_algorithm", "marshaling_algorithm", "salt_length", "batch_input")),
            Map.entry("hmac", Set.of("input", "key_version", "algorithm", "batch_input")));

    private final Clock clock;
    private final List<String> mounts;
    private final String appRoleMount;
    private final TokenStore tokens;
    private final Faults faults;
    private final Map<String, Map<String, TransitEngine>> namespaces = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private volatile boolean sealed;

    public VaultApi(Clock clock, List<String> mounts, String appRoleMount, TokenStore tokens, Faults faults) {
        this.clock = clock;
        List<String> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest mount wins
        this.mounts = List.copyOf(sorted);
        this.appRoleMount = appRoleMount;
        this.tokens = tokens;
        this.faults = faults;
    }

    /** The engine at {@code mount} in {@code namespace} ({@code ""} for the root namespace). */
    public TransitEngine engine(String namespace, String mount) {
        if (!mounts.contains(mount)) {
            throw new IllegalArgumentException("no Transit engine is mounted at " + mount);
        }
        return namespaces.computeIfAbsent(normalizeNamespace(namespace), n -> new ConcurrentHashMap<>())
                .computeIfAbsent(mount, m -> new TransitEngine(clock));
    }

    public void setSealed(boolean sealed) {
        this.sealed = sealed;
    }

    public boolean isSealed() {
        return sealed;
    }

    public int requestCount(String operation) {
        AtomicInteger n = requestCounts.get(operation);
        return n == null ? 0 : n.get();
    }

    public void revokeIssuedTokens() {
        tokens.revokeIssued();
    }

    public void reset() {
        namespaces.clear();
        requestCounts.clear();
        tokens.revokeIssued();
        sealed = false;
    }

    /** Serves one request. */
    public FakeHttpResponse handle(FakeHttpRequest request) {
        String rawPath = request.path();
        int q = rawPath.indexOf('?');
        String query = q < 0 ? "" : rawPath.substring(q + 1);
        String path = q < 0 ? rawPath : rawPath.substring(0, q);
        String method = request.method().toUpperCase(java.util.Locale.ROOT);
        if ("GET".equals(method) && (query.equals("list=true") || query.contains("&list=true") || query.startsWith("list=true&"))) {
            method = "LIST";
        }
        if ("PUT".equals(method)) {
            method = "POST"; // Vault treats PUT and POST alike
        }
        Route route = path.startsWith("/v1/") ? route(method, path.substring(4)) : null;
        String operation = route == null ? null : route.operation;
        if (operation != null) {
            requestCounts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        }
        FaultDecision decision = faults.decide(operation);
        if (decision.fault().isPresent()) {
            return faultResponse(decision.fault().get(), decision.delay());
        }
        Duration delay = decision.delay();
        try {
            if (route == null) {
                throw new VaultError(404, "1 error occurred:\n\t* unsupported path\n\n");
            }
            if ("health".equals(operation)) {
                return health(delay);
            }
            if (sealed) {
                throw new VaultError(503, "Vault is sealed");
            }
            Map<String, Object> body = parseBody(request.body());
            if ("login".equals(operation)) {
                return login(body, delay);
            }
            TokenStore.TokenInfo token = tokens.lookup(request.header("X-Vault-Token"));
            if (token == null) {
                throw VaultError.invalidToken();
            }
            if (!token.allows(route.relativePath)) {
                throw VaultError.permissionDenied();
            }
            if ("renew-self".equals(operation)) {
                return renewSelf(token, body, delay);
            }
            if ("lookup-self".equals(operation)) {
                return lookupSelf(token, delay);
            }
            if (route.engine == null) {
                throw new VaultError(404, "no handler for route \"" + route.relativePath + "\". route entry not found.");
            }
            if (route.methodNotAllowed) {
                throw new VaultError(405, "1 error occurred:\n\t* unsupported operation\n\n");
            }
            if (body.containsKey("batch_input")) {
                throw VaultError.badRequest("batch_input is not implemented by the kms4j Vault fake");
            }
            TransitEngine engine = engine(request.header("X-Vault-Namespace"), route.engine);
            List<String> warnings = unknownParameters(operation, body);
            return transit(engine, route, body, warnings, delay);
        } catch (VaultError e) {
            return errors(e.status(), e.errors(), delay);
        } catch (RuntimeException e) {
            // Only the type is logged: a message could in principle echo input.
            LOG.error("Vault fake failed on {}: {}", operation, e.getClass().getName());
            return errors(500, List.of("internal error"), delay);
        }
    }

    // ---- routing -----------------------------------------------------------------------------------------

    private static final class Route {
        String operation;
        String relativePath;
        String engine;
        String[] segments = new String[0];
        boolean methodNotAllowed;
    }

    private Route route(String method, String relativePath) {
        Route r = new Route();
        r.relativePath = relativePath;
        if (relativePath.equals("sys/health")) {
            r.operation = "health";
            return r;
        }
        if (relativePath.equals("auth/" + appRoleMount + "/login")) {
            r.operation = "login";
            return r;
        }
        if (relativePath.equals("auth/token/renew-self")) {
            r.operation = "renew-self";
            return r;
        }
        if (relativePath.equals("auth/token/lookup-self")) {
            r.operation = "lookup-self";
            return r;
        }
        for (String mount : mounts) {
            if (relativePath.startsWith(mount + "/") || relativePath.equals(mount)) {
                r.engine = mount;
                String sub = relativePath.length() > mount.length() ? relativePath.substring(mount.length() + 1) : "";
                if (sub.endsWith("/")) {
                    sub = sub.substring(0, sub.length() - 1);
                }
                r.segments = sub.isEmpty() ? new String[0] : sub.split("/", -1);
                r.operation = transitOperation(method, r);
                return r;
            }
        }
        return r; // no engine: 404 after the token check, as Vault does
    }

    private static String transitOperation(String method, Route r) {
        String[] s = r.segments;
        if (s.length == 0) {
            return null;
        }
        String op = null;
        String expected = "POST";
        switch (s[0]) {
            case "keys":
                if (s.length == 1) {
                    op = "keys.list";
                    expected = "LIST";
                } else if (s.length == 2) {
                    op = "GET".equals(method) ? "keys.read" : "DELETE".equals(method) ? "keys.delete" : "keys.create";
                    expected = method.equals("GET") || method.equals("DELETE") ? method : "POST";
                } else if (s.length == 3 && (s[2].equals("config") || s[2].equals("rotate"))) {
                    op = "keys." + s[2];
                }
                break;
            case "encrypt":
            case "decrypt":
            case "rewrap":
                op = s.length == 2 ? s[0] : null;
                break;
            case "datakey":
                op = s.length == 3 ? "datakey" : null;
                break;
            case "sign":
            case "verify":
            case "hmac":
                op = s.length == 2 || s.length == 3 ? s[0] : null;
                break;
            default:
                break;
        }
        if (op != null && !expected.equals(method)) {
            r.methodNotAllowed = true;
        }
        return op;
    }

    private FakeHttpResponse transit(TransitEngine engine, Route route, Map<String, Object> body, List<String> warnings,
                                     Duration delay) {
        String[] s = route.segments;
        if (route.operation == null) {
            throw new VaultError(404, "1 error occurred:\n\t* unsupported path\n\n");
        }
        String hash = s.length == 3 ? s[2] : null;
        switch (route.operation) {
            case "keys.list": {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("keys", engine.listKeys());
                return ok(data, warnings, delay);
            }
            case "keys.read":
                return ok(engine.readKey(s[1]), warnings, delay);
            case "keys.create":
                return ok(engine.createKey(s[1], body), warnings, delay);
            case "keys.delete":
                engine.delete(s[1]);
                return FakeHttpResponse.of(204, null, null, delay);
            case "keys.config":
                return ok(engine.configure(s[1], body), warnings, delay);
            case "keys.rotate":
                return ok(engine.rotate(s[1]), warnings, delay);
            case "encrypt":
                return ok(engine.encrypt(s[1], body), warnings, delay);
            case "decrypt":
                return ok(engine.decrypt(s[1], body), warnings, delay);
            case "rewrap":
                return ok(engine.rewrap(s[1], body), warnings, delay);
            case "datakey":
                return ok(engine.dataKey(s[2], s[1], body), warnings, delay);
            case "sign":
                return ok(engine.sign(s[1], hash, body), warnings, delay);
            case "verify":
                return ok(engine.verify(s[1], hash, body), warnings, delay);
            case "hmac":
                return ok(engine.hmac(s[1], hash, body), warnings, delay);
            default:
                throw new VaultError(404, "1 error occurred:\n\t* unsupported path\n\n");
        }
    }

    private static List<String> unknownParameters(String operation, Map<String, Object> body) {
        Set<String> known = KNOWN_PARAMETERS.get(operation);
        if (known == null || body.isEmpty()) {
            return null;
        }
        TreeSet<String> unknown = new TreeSet<>(body.keySet());
        unknown.removeAll(known);
        return unknown.isEmpty() ? null
                : List.of("Endpoint ignored these unrecognized parameters: [" + String.join(" ", unknown) + "]");
    }

    // ---- system and auth -----------------------------------------------------------------------------------

    private FakeHttpResponse health(Duration delay) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("initialized", true);
        h.put("sealed", sealed);
        h.put("standby", false);
        h.put("performance_standby", false);
        h.put("replication_performance_mode", "disabled");
        h.put("replication_dr_mode", "disabled");
        h.put("server_time_utc", clock.instant().getEpochSecond());
        h.put("version", "1.17.0+kms4j-fake");
        h.put("cluster_name", "kms4j-fake");
        h.put("cluster_id", "00000000-0000-0000-0000-000000000000");
        return FakeHttpResponse.of(sealed ? 503 : 200, JSON, Json.write(h), delay);
    }

    private FakeHttpResponse login(Map<String, Object> body, Duration delay) {
        TokenStore.TokenInfo info = tokens.login(Params.string(body, "role_id", null), Params.string(body, "secret_id", null));
        if (info == null) {
            throw VaultError.badRequest("invalid role or secret ID");
        }
        return authAnswer(info, delay);
    }

    private FakeHttpResponse renewSelf(TokenStore.TokenInfo token, Map<String, Object> body, Duration delay) {
        int increment = Params.integer(body, "increment", 0);
        return authAnswer(tokens.renew(token, increment <= 0 ? null : Duration.ofSeconds(increment)), delay);
    }

    private FakeHttpResponse authAnswer(TokenStore.TokenInfo info, Duration delay) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("client_token", tokens.tokenOf(info));
        auth.put("accessor", "accessor-" + Integer.toHexString(System.identityHashCode(info)));
        auth.put("policies", List.of("default", "kms4j"));
        auth.put("token_policies", List.of("default", "kms4j"));
        auth.put("metadata", Map.of("role_name", info.roleName == null ? "" : info.roleName));
        auth.put("lease_duration", tokens.ttlSeconds(info));
        auth.put("renewable", info.renewable);
        auth.put("entity_id", "");
        auth.put("token_type", "service");
        auth.put("orphan", true);
        auth.put("num_uses", 0);
        Map<String, Object> envelope = envelope(null, null);
        envelope.put("auth", auth);
        return FakeHttpResponse.of(200, JSON, Json.write(envelope), delay);
    }

    private FakeHttpResponse lookupSelf(TokenStore.TokenInfo token, Duration delay) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accessor", "accessor-" + Integer.toHexString(System.identityHashCode(token)));
        data.put("creation_time", token.issuedAt.getEpochSecond());
        data.put("creation_ttl", token.ttl.getSeconds());
        data.put("display_name", tokens.isRoot(token) ? "root" : "approle");
        data.put("entity_id", "");
        data.put("expire_time", token.expiresAt == null ? null : DateTimeFormatter.ISO_INSTANT.format(token.expiresAt));
        data.put("explicit_max_ttl", 0);
        data.put("id", tokens.tokenOf(token));
        data.put("issue_time", DateTimeFormatter.ISO_INSTANT.format(token.issuedAt));
        data.put("meta", null);
        data.put("num_uses", 0);
        data.put("orphan", true);
        data.put("path", tokens.isRoot(token) ? "auth/token/root" : "auth/" + appRoleMount + "/login");
        data.put("policies", tokens.isRoot(token) ? List.of("root") : List.of("default", "kms4j"));
        data.put("renewable", token.renewable);
        data.put("ttl", tokens.ttlSeconds(token));
        data.put("type", "service");
        return ok(data, null, delay);
    }

    // ---- rendering -------------------------------------------------------------------------------------------

    private static Map<String, Object> envelope(Object data, List<String> warnings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_id", UUID.randomUUID().toString());
        m.put("lease_id", "");
        m.put("renewable", false);
        m.put("lease_duration", 0);
        m.put("data", data);
        m.put("wrap_info", null);
        m.put("warnings", warnings);
        m.put("auth", null);
        return m;
    }

    private static FakeHttpResponse ok(Object data, List<String> warnings, Duration delay) {
        Map<String, Object> m = envelope(data, warnings);
        m.put("mount_type", "transit");
        return FakeHttpResponse.of(200, JSON, Json.write(m), delay);
    }

    private static FakeHttpResponse errors(int status, List<String> errors, Duration delay) {
        return FakeHttpResponse.of(status, JSON, Json.write(Map.of("errors", errors)), delay);
    }

    private static FakeHttpResponse faultResponse(Fault fault, Duration delay) {
        switch (fault.kind()) {
            case CONNECTION_RESET:
                return FakeHttpResponse.connectionReset(delay);
            case THROTTLE:
                return errors(429, List.of("request path \"transit\": rate limit quota exceeded"), delay)
                        .withHeader("Retry-After", "1");
            default:
                int status = fault.httpStatus();
                String message = status == 503 ? "Vault is sealed" : status == 500 ? "internal error" : "injected fault";
                return errors(status, List.of(message), delay);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseBody(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return new LinkedHashMap<>();
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("failed to parse JSON input");
        }
        if (!(parsed instanceof Map)) {
            throw VaultError.badRequest("failed to parse JSON input: expected an object");
        }
        return (Map<String, Object>) parsed;
    }

    private static String normalizeNamespace(String namespace) {
        if (namespace == null) {
            return "";
        }
        String n = namespace.trim();
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }
}
