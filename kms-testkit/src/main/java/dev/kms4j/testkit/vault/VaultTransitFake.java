package dev.kms4j.testkit.vault;

import dev.kms4j.testkit.faults.Faults;
import dev.kms4j.testkit.internal.FakeHttpRequest;
import dev.kms4j.testkit.internal.FakeHttpResponse;
import dev.kms4j.testkit.vault.internal.TokenStore;
import dev.kms4j.testkit.vault.internal.VaultApi;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stateful, in-memory fake of HashiCorp Vault's Transit secrets engine, speaking Vault's HTTP
 * API ({@code /v1/...}) with real cryptography: ciphertexts {@code vault:v<N>:base64(nonce ||
 * ciphertext || tag)} are AES-GCM or ChaCha20-Poly1305 under per-version keys, signatures
 * {@code vault:v<N>:...} verify with the JDK, HMACs are real. Rotation, min decryption and
 * encryption versions, deletion_allowed and derived keys behave as in Vault.
 *
 * <p>Served endpoints: {@code sys/health} (no token), {@code auth/<approle>/login},
 * {@code auth/token/renew-self} and {@code lookup-self}, and under each Transit mount
 * {@code keys} (LIST, or GET {@code ?list=true}), {@code keys/<name>} (POST create, GET read,
 * DELETE), {@code keys/<name>/config}, {@code keys/<name>/rotate}, {@code encrypt},
 * {@code decrypt}, {@code rewrap}, {@code datakey/plaintext|wrapped}, {@code sign},
 * {@code verify} and {@code hmac}. Every other request needs a live {@code X-Vault-Token} (403
 * otherwise). {@code X-Vault-Namespace} selects a separate set of engines per namespace.
 * {@code batch_input}, convergent encryption, export, backup and trim are not implemented.
 *
 * <p>This class is the service logic only; {@link VaultTransitFakeServer} serves it over HTTP and
 * {@link VaultTransitFakeExtension} wires it into JUnit 5. Fault injection by operation name
 * ({@code "encrypt"}, {@code "sign"}, {@code "keys.read"}, {@code "login"}, ...: see
 * {@link #faults()}).
 *
 * <p>Thread-safe. <strong>Secret:</strong> the root token, AppRole secret ids, issued tokens and
 * all key material; none is logged or printed. For tests only.
 */
public final class VaultTransitFake {
    private static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

    private final String rootToken;
    private final List<String> mounts;
    private final Faults faults = new Faults();
    private final VaultApi api;

    private VaultTransitFake(Builder b) {
        this.rootToken = b.rootToken;
        this.mounts = List.copyOf(b.mounts);
        TokenStore tokens = new TokenStore(b.clock, b.rootToken, b.limitedTokens, b.appRoles, b.tokenTtl, b.tokenMaxTtl);
        this.api = new VaultApi(b.clock, mounts, b.appRoleMount, tokens, faults);
    }

    /** A builder: root token {@code root}, one Transit mount at {@code transit}, no AppRole. */
    public static Builder builder() {
        return new Builder();
    }

    /** <strong>Secret</strong> (a test value): the root token the fake accepts. */
    public String rootToken() {
        return rootToken;
    }

    /** The Transit mount paths, for example {@code [transit]}. */
    public List<String> mounts() {
        return mounts;
    }

    /**
     * Fault injection keyed by operation: {@code health}, {@code login}, {@code renew-self},
     * {@code lookup-self}, {@code keys.create}, {@code keys.read}, {@code keys.list},
     * {@code keys.config}, {@code keys.rotate}, {@code keys.delete}, {@code encrypt},
     * {@code decrypt}, {@code rewrap}, {@code datakey}, {@code sign}, {@code verify},
     * {@code hmac}. A throttle is HTTP 429, {@code Fault.unavailable()} is 503 "Vault is sealed".
     */
    public Faults faults() {
        return faults;
    }

    /** Seals (503 "Vault is sealed" for every request; {@code sys/health} reports sealed) or unseals. */
    public void setSealed(boolean sealed) {
        api.setSealed(sealed);
    }

    /** Names of the keys in {@code mount} of the root namespace, sorted. */
    public List<String> keyNames(String mount) {
        return keyNames("", mount);
    }

    /** Names of the keys in {@code mount} of {@code namespace}, sorted. */
    public List<String> keyNames(String namespace, String mount) {
        return api.engine(namespace, mount).keyNames();
    }

    /** How many requests of {@code operation} reached the fake (including failed ones). */
    public int requestCount(String operation) {
        return api.requestCount(operation);
    }

    /** Revokes every token issued by AppRole login (the root and limited tokens stay). */
    public void revokeIssuedTokens() {
        api.revokeIssuedTokens();
    }

    /** Clears keys, faults, request counts, issued tokens and the sealed state. */
    public void reset() {
        faults.clear();
        api.reset();
    }

    /** Serves one request. Called by the HTTP layer; tests may call it directly. */
    public FakeHttpResponse handle(FakeHttpRequest request) {
        return api.handle(Objects.requireNonNull(request, "request"));
    }

    @Override
    public String toString() {
        return "VaultTransitFake[mounts=" + mounts + "]";
    }

    /** Builds a {@link VaultTransitFake}. Not thread-safe. */
    public static final class Builder {
        private String rootToken = "root";
        private final List<String> mounts = new ArrayList<>(List.of("transit"));
        private final Map<String, List<String>> limitedTokens = new LinkedHashMap<>();
        private final Map<String, String> appRoles = new LinkedHashMap<>();
        private String appRoleMount = "approle";
        private Duration tokenTtl = Duration.ofHours(1);
        private Duration tokenMaxTtl = Duration.ofHours(24);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The root token: never expires, may call everything. Default {@code root}. */
        public Builder rootToken(String token) {
            this.rootToken = requireText(token, "rootToken");
            return this;
        }

        /** Replaces the Transit mounts (default {@code transit}); nested paths such as {@code team/transit} are fine. */
        public Builder mounts(String... mounts) {
            this.mounts.clear();
            for (String m : mounts) {
                mount(m);
            }
            return this;
        }

        /** Adds a Transit mount. */
        public Builder mount(String mount) {
            if (mount == null || !MOUNT.matcher(mount).matches()) {
                throw new IllegalArgumentException("invalid mount path");
            }
            if (!mounts.contains(mount)) {
                mounts.add(mount);
            }
            return this;
        }

        /**
         * A further token that may only call paths (relative to {@code /v1/}) starting with one of
         * {@code allowedPathPrefixes}, such as {@code "transit/encrypt/"}; others get 403
         * "permission denied". It never expires.
         */
        public Builder limitedToken(String token, String... allowedPathPrefixes) {
            limitedTokens.put(requireText(token, "token"), List.of(allowedPathPrefixes));
            return this;
        }

        /** Accepts AppRole login with this role id and secret id. */
        public Builder appRole(String roleId, String secretId) {
            appRoles.put(requireText(roleId, "roleId"), requireText(secretId, "secretId"));
            return this;
        }

        /** The AppRole auth mount (default {@code approle}). */
        public Builder appRoleMount(String mount) {
            this.appRoleMount = requireText(mount, "appRoleMount");
            return this;
        }

        /** TTL of tokens issued by login and renewal (default one hour) and their maximum TTL (default 24 hours). */
        public Builder tokenTtl(Duration ttl, Duration maxTtl) {
            if (ttl.isNegative() || ttl.isZero() || maxTtl.compareTo(ttl) < 0) {
                throw new IllegalArgumentException("token TTL must be positive and not above the maximum TTL");
            }
            this.tokenTtl = ttl;
            this.tokenMaxTtl = maxTtl;
            return this;
        }

        /** The clock for creation times and token expiry (tests may pass a controllable one). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public VaultTransitFake build() {
            if (mounts.isEmpty()) {
                throw new IllegalArgumentException("at least one Transit mount is needed");
            }
            return new VaultTransitFake(this);
        }

        private static String requireText(String v, String name) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return v;
        }
    }
}
