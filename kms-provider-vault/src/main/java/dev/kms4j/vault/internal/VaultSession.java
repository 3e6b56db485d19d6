package dev.kms4j.vault.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.rest.RestResponse;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's connection to Vault through vault-java-driver, and its token.
 *
 * <p>Driver set-up, as Transit needs it (see WIRE-NOTES): engine version 1 (the default KV v2
 * path rewriting would turn {@code transit/encrypt/x} into {@code transit/data/encrypt/x}); no
 * driver retries (kms4j retries itself); no environment lookups by the driver (the settings
 * already resolved them, and the driver would otherwise read {@code ~/.vault-token}); one shared
 * JDK {@link HttpClient} handed to the driver (without it the driver builds a new client, and a
 * new connection, per request), carrying the TLS context the driver's {@link SslConfig} builds.
 * The driver returns 4xx answers rather than throwing, throws for 5xx (with the body in its
 * message) and throws for DELETE unless the answer is 204; {@link Answer} smooths that over.
 *
 * <p>Tokens: a static token is used as given. With AppRole, the session logs in on first use and
 * renews the token ({@code auth/token/renew-self}) once two thirds of its lease have passed, on
 * the calling thread before the call; when renewal fails or the token nears its maximum TTL it
 * logs in again; a call answered with "invalid token" triggers one login and one retry.
 *
 * <p>Thread-safe. <strong>Secret:</strong> the token and the AppRole secret id; never logged.
 */
public final class VaultSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VaultSession.class);

    /** One Vault answer: status, and the parsed body when there is one. */
    public static final class Answer {
        private final int status;
        private final JsonObject body;
        private final List<String> errors;

        Answer(int status, JsonObject body, List<String> errors) {
            this.status = status;
            this.body = body;
            this.errors = errors;
        }

        public int status() {
            return status;
        }

        public boolean ok() {
            return status == 200 || status == 204;
        }

        /** The {@code data} object, or an empty one. */
        public JsonObject data() {
            JsonValue d = body == null ? null : body.get("data");
            return d != null && d.isObject() ? d.asObject() : new JsonObject();
        }

        public List<String> errors() {
            return errors;
        }

        public List<String> warnings() {
            List<String> out = new ArrayList<>();
            JsonValue w = body == null ? null : body.get("warnings");
            if (w != null && w.isArray()) {
                for (JsonValue v : w.asArray()) {
                    if (v.isString()) {
                        out.add(v.asString());
                    }
                }
            }
            return out;
        }

        /** This answer if it is a success, else its error as a KmsException. */
        public Answer orThrow(String operation, KeyRef ref) {
            if (!ok()) {
                throw VaultErrors.fromAnswer(operation, ref, status, errors);
            }
            return this;
        }

        @Override
        public String toString() {
            return "Answer[" + status + "]"; // bodies carry plaintexts and data keys
        }
    }

    /** The driver would read VAULT_TOKEN, ~/.vault-token and VAULT_SSL_* itself; the settings already did. */
    static final class NoEnvironment extends EnvironmentLoader {
        private static final long serialVersionUID = 1L;

        @Override
        public String loadVariable(String name) {
            return null;
        }
    }

    /** SslConfig's environment-loader setter is protected. */
    static final class QuietSslConfig extends SslConfig {
        private static final long serialVersionUID = 1L;

        QuietSslConfig(EnvironmentLoader env) {
            environmentLoader(env);
        }
    }

    private static final NoEnvironment NO_ENVIRONMENT = new NoEnvironment();

    private final VaultTransitSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final SslConfig sslConfig;
    private final Object authLock = new Object();
    private volatile Vault client;
    /** When to renew the AppRole token; {@code null} for tokens that need no renewal. */
    private volatile Instant renewAt;
    private long loginLeaseSeconds;
    private volatile boolean closed;

    public VaultSession(VaultTransitSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        try {
            QuietSslConfig ssl = new QuietSslConfig(NO_ENVIRONMENT);
            ssl.verify(true);
            if (settings.caFile().isPresent()) {
                ssl.pemFile(settings.caFile().get().toFile());
            }
            if (settings.clientCertFile().isPresent()) {
                ssl.clientPemFile(settings.clientCertFile().get().toFile());
                ssl.clientKeyPemFile(settings.clientKeyFile().orElseThrow().toFile());
            }
            this.sslConfig = ssl.build();
        } catch (VaultException e) {
            throw VaultErrors.error(KmsErrorCode.INVALID_ARGUMENT, null,
                    "could not load the TLS files of vault-transit (" + e.getClass().getSimpleName() + ")", e);
        }
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.openTimeout()).followRedirects(HttpClient.Redirect.NEVER);
        SSLContext context = sslConfig.getSslContext();
        if (context != null) {
            b.sslContext(context);
        }
        this.http = b.build();
        if (!settings.usesAppRole()) {
            this.client = driver(settings.token().orElseThrow());
        }
    }

    private Vault driver(String token) {
        try {
            VaultConfig config = new VaultConfig()
                    .environmentLoader(NO_ENVIRONMENT)
                    .address(settings.address().toString())
                    .openTimeout(seconds(settings.openTimeout()))
                    .readTimeout(seconds(settings.readTimeout()))
                    .sslConfig(sslConfig)
                    .httpClient(http);
            if (token != null) {
                config.token(token);
            }
            if (settings.namespace().isPresent()) {
                config.nameSpace(settings.namespace().get());
            }
            return Vault.create(config.build(), 1).withRetries(0, 0);
        } catch (VaultException e) {
            throw VaultErrors.error(KmsErrorCode.INVALID_ARGUMENT, null,
                    "could not configure vault-java-driver (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The driver rounds timeouts to whole seconds; never down to zero. */
    private static int seconds(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000));
    }

    // ---- calls ------------------------------------------------------------------------------------------------

    private interface Call {
        RestResponse run(Vault vault) throws VaultException;
    }

    public Answer read(String operation, KeyRef ref, String path) {
        return call(operation, ref, v -> v.logical().read(path).getRestResponse());
    }

    public Answer write(String operation, KeyRef ref, String path, Map<String, Object> body) {
        return call(operation, ref, v -> v.logical().write(path, body).getRestResponse());
    }

    /** A LIST; Vault answers an empty list with 404, which this returns as it is. */
    public Answer list(String operation, String path) {
        return call(operation, null, v -> {
            LogicalResponse r = v.logical().list(path);
            if (r == null) {
                // The driver swallows a 404 thrown from its read and returns null: an empty list.
                return new RestResponse(404, "application/json", "{\"errors\":[]}".getBytes(StandardCharsets.UTF_8));
            }
            return r.getRestResponse();
        });
    }

    /** A DELETE; the driver throws unless the answer is 204, so 4xx answers come back through its exception. */
    public Answer delete(String operation, KeyRef ref, String path) {
        return call(operation, ref, v -> v.logical().delete(path).getRestResponse());
    }

    private Answer call(String operation, KeyRef ref, Call call) {
        Answer answer = attempt(operation, ref, call);
        if (settings.usesAppRole() && answer.status() == 403
                && VaultErrors.codeOf(403, answer.errors()) == KmsErrorCode.UNAUTHENTICATED) {
            LOG.debug("Vault refused the AppRole token on {}; logging in again", operation);
            relogin(operation, ref);
            answer = attempt(operation, ref, call);
        }
        return answer;
    }

    private Answer attempt(String operation, KeyRef ref, Call call) {
        Vault vault = client(operation, ref);
        try {
            RestResponse r = call.run(vault);
            return parse(r.getStatus(), r.getBody());
        } catch (VaultException e) {
            Integer status = e.getHttpStatusCode();
            if (status != null && status >= 400 && status < 500 && status != 412) {
                return new Answer(status, null, DriverErrors.errorsOf(e));
            }
            throw VaultErrors.fromDriver(operation, ref, e);
        }
    }

    private static Answer parse(int status, byte[] body) {
        JsonObject parsed = null;
        if (body != null && body.length > 0) {
            try {
                JsonValue v = Json.parse(new String(body, StandardCharsets.UTF_8));
                parsed = v.isObject() ? v.asObject() : null;
            } catch (RuntimeException e) {
                parsed = null; // not JSON (a proxy page); status decides
            }
        }
        return new Answer(status, parsed, status >= 400 ? DriverErrors.errorsOf(body) : List.of());
    }

    // ---- tokens -----------------------------------------------------------------------------------------------

    private Vault client(String operation, KeyRef ref) {
        if (closed) {
            throw VaultErrors.error(KmsErrorCode.UNAVAILABLE, ref, operation + " failed: the vault-transit provider is closed");
        }
        Instant due = renewAt;
        Vault c = client;
        if (c == null || (due != null && !clock.instant().isBefore(due))) {
            refresh(operation, ref);
            c = client;
        }
        return c;
    }

    private void refresh(String operation, KeyRef ref) {
        synchronized (authLock) {
            Instant due = renewAt;
            if (client != null && (due == null || clock.instant().isBefore(due))) {
                return; // another thread already renewed
            }
            if (client != null && renew()) {
                return;
            }
            login(operation, ref);
        }
    }

    private void relogin(String operation, KeyRef ref) {
        synchronized (authLock) {
            login(operation, ref);
        }
    }

    /** Renews the current token; false if that failed or left too short a lease. */
    private boolean renew() {
        try {
            AuthResponse r = client.auth().renewSelf();
            long lease = r.getAuthLeaseDuration();
            if (lease <= 0 || lease * 3 < loginLeaseSeconds) {
                LOG.debug("Vault token renewal left {}s; logging in again", lease);
                return false;
            }
            schedule(lease);
            LOG.debug("renewed the Vault token for {}s", lease);
            return true;
        } catch (VaultException e) {
            LOG.debug("Vault token renewal failed (HTTP {}); logging in again", e.getHttpStatusCode());
            return false;
        }
    }

    private void login(String operation, KeyRef ref) {
        AuthResponse r;
        try {
            r = driver(null).auth().loginByAppRole(settings.appRoleMount(), settings.roleId().orElseThrow(),
                    settings.secretId().orElseThrow());
        } catch (VaultException e) {
            Integer status = e.getHttpStatusCode();
            if (status != null && status >= 400 && status < 500) {
                throw KmsException.builder(KmsErrorCode.UNAUTHENTICATED, operation + (ref == null ? "" : " on " + ref)
                                + " failed: Vault refused the AppRole login (HTTP " + status + ")")
                        .provider(VaultErrors.SCHEME).keyRef(ref).providerErrorCode("HTTP " + status).cause(e).build();
            }
            throw VaultErrors.fromDriver(operation + " (AppRole login)", ref, e);
        }
        String token = r.getAuthClientToken();
        if (token == null || token.isEmpty()) {
            throw VaultErrors.error(KmsErrorCode.UNAUTHENTICATED, ref, operation + " failed: the AppRole login gave no token");
        }
        client = driver(token);
        loginLeaseSeconds = r.getAuthLeaseDuration();
        if (loginLeaseSeconds > 0 && r.isAuthRenewable()) {
            schedule(loginLeaseSeconds);
        } else if (loginLeaseSeconds > 0) {
            // Not renewable: log in again shortly before it expires.
            renewAt = clock.instant().plusSeconds(loginLeaseSeconds * 2 / 3);
        } else {
            renewAt = null;
        }
        LOG.debug("logged in to Vault with AppRole; token lease {}s", loginLeaseSeconds);
    }

    private void schedule(long leaseSeconds) {
        renewAt = clock.instant().plusSeconds(Math.max(1, leaseSeconds * 2 / 3));
    }

    @Override
    public void close() {
        closed = true;
        client = null;
        renewAt = null;
    }

    @Override
    public String toString() {
        return "VaultSession[" + settings + "]";
    }
}
