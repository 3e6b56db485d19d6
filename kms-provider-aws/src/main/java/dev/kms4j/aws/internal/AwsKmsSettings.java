package dev.kms4j.aws.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The AWS KMS provider's settings, resolved and validated from a {@link ProviderConfig}
 * (explicit value, then system property {@code kms4j.aws-kms.<name>}, then the environment
 * variables named below).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>environment</th><th>default</th></tr>
 *   <tr><td>region</td><td>AWS_REGION, AWS_DEFAULT_REGION</td><td>the SDK's default region chain</td></tr>
 *   <tr><td>endpoint</td><td>AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL</td><td>the regional AWS endpoint</td></tr>
 *   <tr><td>access-key-id, secret-access-key, session-token</td><td>-</td><td>-</td></tr>
 *   <tr><td>profile</td><td>AWS_PROFILE</td><td>-</td></tr>
 *   <tr><td>api-call-timeout</td><td>-</td><td>30s</td></tr>
 *   <tr><td>api-call-attempt-timeout</td><td>-</td><td>10s</td></tr>
 *   <tr><td>connect-timeout</td><td>-</td><td>5s</td></tr>
 *   <tr><td>max-sdk-retries</td><td>-</td><td>1</td></tr>
 * </table>
 *
 * <p><strong>Secret:</strong> the secret access key and session token. {@link #toString()} shows
 * neither, nor the access key id. Immutable and thread-safe.
 */
public final class AwsKmsSettings {
    static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final int DEFAULT_MAX_SDK_RETRIES = 1;
    static final int MAX_SDK_RETRIES_LIMIT = 10;

    /** How the provider authenticates. */
    public enum CredentialsSource {
        /** {@code access-key-id} and {@code secret-access-key} (and optional {@code session-token}). */
        STATIC,
        /** A named profile of the shared AWS config files. */
        PROFILE,
        /** The SDK's default credentials chain (environment, profile, web identity, container, instance). */
        DEFAULT_CHAIN
    }

    private final String region;
    private final URI endpoint;
    private final CredentialsSource credentialsSource;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String profile;
    private final Duration apiCallTimeout;
    private final Duration apiCallAttemptTimeout;
    private final Duration connectTimeout;
    private final int maxSdkRetries;

    private AwsKmsSettings(String region, URI endpoint, CredentialsSource credentialsSource, String accessKeyId,
                           String secretAccessKey, String sessionToken, String profile, Duration apiCallTimeout,
                           Duration apiCallAttemptTimeout, Duration connectTimeout, int maxSdkRetries) {
        this.region = region;
        this.endpoint = endpoint;
        this.credentialsSource = credentialsSource;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.profile = profile;
        this.apiCallTimeout = apiCallTimeout;
        this.apiCallAttemptTimeout = apiCallAttemptTimeout;
        this.connectTimeout = connectTimeout;
        this.maxSdkRetries = maxSdkRetries;
    }

    /**
     * Resolves and validates the settings.
     *
     * @param defaultRegion the SDK's default region chain (a parameter so tests do not depend on the machine)
     * @throws KmsException {@code INVALID_ARGUMENT} naming the bad or missing setting, never its value
     *     when it may be secret
     */
    public static AwsKmsSettings resolve(ProviderConfig config, Supplier<Optional<String>> defaultRegion) {
        String region = config.get("region", "AWS_REGION", "AWS_DEFAULT_REGION")
                .map(String::trim)
                .or(defaultRegion)
                .orElseThrow(() -> invalid("no AWS region: set provider setting 'region', system property "
                        + "kms4j.aws-kms.region, or environment variable AWS_REGION"));
        if (!region.matches("[a-z0-9][a-z0-9-]{1,39}")) {
            throw invalid("provider setting 'region' of aws-kms is not an AWS region name such as eu-west-1");
        }
        URI endpoint = config.get("endpoint", "AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL")
                .map(AwsKmsSettings::parseEndpoint).orElse(null);

        Optional<String> accessKeyId = config.get("access-key-id");
        Optional<String> secretAccessKey = config.get("secret-access-key");
        Optional<String> sessionToken = config.get("session-token");
        CredentialsSource source;
        String profile = null;
        if (accessKeyId.isPresent() || secretAccessKey.isPresent()) {
            if (accessKeyId.isEmpty() || secretAccessKey.isEmpty()
                    || accessKeyId.get().isBlank() || secretAccessKey.get().isBlank()) {
                throw invalid("static AWS credentials need both 'access-key-id' and 'secret-access-key'");
            }
            source = CredentialsSource.STATIC;
        } else if (sessionToken.isPresent()) {
            throw invalid("'session-token' of aws-kms needs 'access-key-id' and 'secret-access-key' too");
        } else {
            profile = config.get("profile", "AWS_PROFILE").map(String::trim).filter(p -> !p.isEmpty()).orElse(null);
            source = profile != null ? CredentialsSource.PROFILE : CredentialsSource.DEFAULT_CHAIN;
        }

        Duration apiCallTimeout = positive(config, "api-call-timeout", DEFAULT_API_CALL_TIMEOUT);
        Duration attemptTimeout = positive(config, "api-call-attempt-timeout", DEFAULT_API_CALL_ATTEMPT_TIMEOUT);
        Duration connectTimeout = positive(config, "connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        int retries = config.getInt("max-sdk-retries").orElse(DEFAULT_MAX_SDK_RETRIES);
        if (retries < 0 || retries > MAX_SDK_RETRIES_LIMIT) {
            throw invalid("provider setting 'max-sdk-retries' of aws-kms must be 0 to " + MAX_SDK_RETRIES_LIMIT);
        }
        return new AwsKmsSettings(region, endpoint, source, accessKeyId.map(String::trim).orElse(null),
                secretAccessKey.orElse(null), sessionToken.filter(t -> !t.isBlank()).orElse(null), profile,
                apiCallTimeout, attemptTimeout, connectTimeout, retries);
    }

    private static URI parseEndpoint(String value) {
        try {
            URI uri = new URI(value.trim());
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw invalid("provider setting 'endpoint' of aws-kms must be an absolute http(s) URI with a host");
            }
            if (uri.getUserInfo() != null) {
                // A URI with user info would carry a credential into logs and error messages.
                throw invalid("provider setting 'endpoint' of aws-kms must not contain user info");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid("provider setting 'endpoint' of aws-kms is not a valid URI");
        }
    }

    private static Duration positive(ProviderConfig config, String name, Duration defaultValue) {
        Duration d = config.getDuration(name).orElse(defaultValue);
        if (d.isZero()) {
            throw invalid("provider setting '" + name + "' of aws-kms must be longer than zero");
        }
        return d;
    }

    private static KmsException invalid(String message) {
        return KmsException.builder(KmsErrorCode.INVALID_ARGUMENT, message).provider(AwsErrors.SCHEME).build();
    }

    public String region() {
        return region;
    }

    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public CredentialsSource credentialsSource() {
        return credentialsSource;
    }

    /** The access key id of static credentials (an identifier, not a secret, but still left out of toString). */
    public Optional<String> accessKeyId() {
        return Optional.ofNullable(accessKeyId);
    }

    /** <strong>Secret.</strong> The secret access key of static credentials. */
    public Optional<String> secretAccessKey() {
        return Optional.ofNullable(secretAccessKey);
    }

    /** <strong>Secret.</strong> The session token of static temporary credentials. */
    public Optional<String> sessionToken() {
        return Optional.ofNullable(sessionToken);
    }

    public Optional<String> profile() {
        return Optional.ofNullable(profile);
    }

    public Duration apiCallTimeout() {
        return apiCallTimeout;
    }

    public Duration apiCallAttemptTimeout() {
        return apiCallAttemptTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** SDK retries after the first attempt; the SDK's max attempts is this plus one. */
    public int maxSdkRetries() {
        return maxSdkRetries;
    }

    /** Region, endpoint, credential source and timeouts; never credentials. */
    @Override
    public String toString() {
        return "AwsKmsSettings{region=" + region + (endpoint == null ? "" : ", endpoint=" + endpoint)
                + ", credentials=" + credentialsSource + (profile == null ? "" : "(" + profile + ")")
                + ", apiCallTimeout=" + apiCallTimeout + ", apiCallAttemptTimeout=" + apiCallAttemptTimeout
                + ", connectTimeout=" + connectTimeout + ", maxSdkRetries=" + maxSdkRetries + "}";
    }
}
