package dev.kms4j;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings for one provider. A value is resolved, in order, from:
 * <ol>
 *   <li>settings given explicitly to this config;</li>
 *   <li>the system property {@code kms4j.<scheme>.<name>} (for example {@code kms4j.local.path});</li>
 *   <li>the environment variables the provider names for that setting (for example
 *       {@code VAULT_TOKEN}), first one set wins.</li>
 * </ol>
 * The scheme is bound by {@link KmsManager} when it enables the provider.
 *
 * <p>Values may be secrets (tokens, passphrases); {@link #toString()} shows setting names only.
 * Immutable and thread-safe. System properties and the environment are read at lookup time
 * unless fixed snapshots were given to the builder (as tests do).
 */
public final class ProviderConfig {
    private static final ProviderConfig EMPTY = builder().build();

    private final String scheme;
    private final Map<String, String> settings;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;

    private ProviderConfig(String scheme, Map<String, String> settings,
                           Map<String, String> systemProperties, Map<String, String> environment) {
        this.scheme = scheme;
        this.settings = settings;
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    /** A config with no explicit settings: everything comes from properties and environment. */
    public static ProviderConfig empty() {
        return EMPTY;
    }

    /** A config with the given explicit settings. */
    public static ProviderConfig of(Map<String, String> settings) {
        return builder().setAll(settings).build();
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** This config bound to {@code scheme}, which decides the system property prefix. */
    public ProviderConfig forScheme(String scheme) {
        Objects.requireNonNull(scheme, "scheme");
        return new ProviderConfig(scheme, settings, systemProperties, environment);
    }

    /** The scheme this config is bound to, if bound. */
    public Optional<String> scheme() {
        return Optional.ofNullable(scheme);
    }

    /**
     * Resolves a setting.
     *
     * @param name the setting name, for example {@code "path"}
     * @param environmentVariables environment variables to consult last, in order
     */
    public Optional<String> get(String name, String... environmentVariables) {
        Objects.requireNonNull(name, "name");
        String v = settings.get(name);
        if (v != null) {
            return Optional.of(v);
        }
        if (scheme != null) {
            String key = "kms4j." + scheme + "." + name;
            v = systemProperties != null ? systemProperties.get(key) : System.getProperty(key);
            if (v != null) {
                return Optional.of(v);
            }
        }
        for (String env : environmentVariables) {
            v = environment != null ? environment.get(env) : System.getenv(env);
            if (v != null && !v.isEmpty()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves a setting that must be present.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} naming every place looked at
     */
    public String require(String name, String... environmentVariables) {
        return get(name, environmentVariables).orElseThrow(() -> new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                "missing provider setting '" + name + "': set it explicitly"
                        + (scheme == null ? "" : ", with system property kms4j." + scheme + "." + name)
                        + (environmentVariables.length == 0 ? "" : ", or with environment variable "
                        + String.join(" or ", environmentVariables))));
    }

    /**
     * Resolves a boolean setting ({@code true}/{@code false}, case-insensitive).
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} for any other value
     */
    public boolean getBoolean(String name, boolean defaultValue, String... environmentVariables) {
        Optional<String> v = get(name, environmentVariables);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String s = v.get().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw badValue(name, "expected true or false");
    }

    /**
     * Resolves an integer setting.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if it is not an integer
     */
    public Optional<Integer> getInt(String name, String... environmentVariables) {
        Optional<String> v = get(name, environmentVariables);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(v.get().trim()));
        } catch (NumberFormatException e) {
            throw badValue(name, "expected an integer");
        }
    }

    /**
     * Resolves a duration setting: ISO-8601 ({@code PT30S}) or a number with a unit suffix
     * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 30s}).
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if it is neither
     */
    public Optional<Duration> getDuration(String name, String... environmentVariables) {
        Optional<String> v = get(name, environmentVariables);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Duration d = parseDuration(v.get().trim());
        if (d == null || d.isNegative()) {
            throw badValue(name, "expected a non-negative duration such as 30s, 500ms or PT30S");
        }
        return Optional.of(d);
    }

    private static Duration parseDuration(String s) {
        try {
            if (s.startsWith("P") || s.startsWith("p")) {
                return Duration.parse(s);
            }
            String lower = s.toLowerCase(Locale.ROOT);
            // "ms" must be tried before "m" and "s".
            String[] units = {"ms", "s", "m", "h", "d"};
            for (String unit : units) {
                if (lower.endsWith(unit)) {
                    String digits = lower.substring(0, lower.length() - unit.length()).trim();
                    long n = Long.parseLong(digits);
                    switch (unit) {
                        case "ms":
                            return Duration.ofMillis(n);
                        case "s":
                            return Duration.ofSeconds(n);
                        case "m":
                            return Duration.ofMinutes(n);
                        case "h":
                            return Duration.ofHours(n);
                        default:
                            return Duration.ofDays(n);
                    }
                }
            }
            return null;
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /** Never includes the value: it may be a secret. */
    private KmsException badValue(String name, String expected) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                "provider setting '" + name + "'" + (scheme == null ? "" : " of " + scheme) + " is invalid: " + expected);
    }

    /** The names of the explicit settings. */
    public Set<String> explicitNames() {
        return Collections.unmodifiableSet(new TreeSet<>(settings.keySet()));
    }

    /** Setting names only; values may be secrets. */
    @Override
    public String toString() {
        return "ProviderConfig{" + (scheme == null ? "" : scheme + ", ") + "settings=" + explicitNames() + "}";
    }

    /** Builds a {@link ProviderConfig}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Map<String, String> systemProperties;
        private Map<String, String> environment;

        private Builder() {
        }

        /** Sets one explicit value; {@code null} removes it. */
        public Builder set(String name, String value) {
            Objects.requireNonNull(name, "name");
            if (value == null) {
                settings.remove(name);
            } else {
                settings.put(name, value);
            }
            return this;
        }

        /** Sets several explicit values. */
        public Builder setAll(Map<String, String> values) {
            values.forEach(this::set);
            return this;
        }

        /** Uses a fixed snapshot instead of the live system properties (for tests). */
        public Builder systemProperties(Properties properties) {
            Map<String, String> copy = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(n -> copy.put(n, properties.getProperty(n)));
            this.systemProperties = copy;
            return this;
        }

        /** Uses a fixed map instead of the live environment (for tests). */
        public Builder environment(Map<String, String> environment) {
            this.environment = new LinkedHashMap<>(environment);
            return this;
        }

        /** Builds the config. */
        public ProviderConfig build() {
            return new ProviderConfig(null, Collections.unmodifiableMap(new LinkedHashMap<>(settings)),
                    systemProperties == null ? null : Collections.unmodifiableMap(systemProperties),
                    environment == null ? null : Collections.unmodifiableMap(environment));
        }
    }
}
