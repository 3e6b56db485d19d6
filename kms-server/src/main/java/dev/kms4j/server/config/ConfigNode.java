package dev.kms4j.server.config;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of the parsed YAML tree with its dotted path, reading typed values and failing with
 * one error that names the field ({@code listeners.tcp.port: must be an integer}). Values may be
 * given as strings (as environment overrides are). Not thread-safe; used once while loading.
 */
final class ConfigNode {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    private final String path;
    private final Map<String, Object> values;

    ConfigNode(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values;
    }

    /** Fails if the mapping has a key not in {@code allowed} (a typo must not silently mean "default"). */
    ConfigNode allowOnly(String... allowed) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(Arrays.asList(allowed));
        if (!unknown.isEmpty()) {
            throw error(field(unknown.iterator().next()), "unknown setting (allowed: " + String.join(", ", allowed) + ")");
        }
        return this;
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    Set<String> keys() {
        return values.keySet();
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Optional<ConfigNode> node(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(asNode(field(key), v));
    }

    @SuppressWarnings("unchecked")
    static ConfigNode asNode(String path, Object v) {
        if (!(v instanceof Map)) {
            throw error(path, "must be a mapping");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw error(path, "keys must be strings");
            }
            copy.put((String) e.getKey(), e.getValue());
        }
        return new ConfigNode(path, copy);
    }

    List<Object> list(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List)) {
            throw error(field(key), "must be a list");
        }
        return new ArrayList<>((List<?>) v);
    }

    Set<String> stringSet(String key) {
        Set<String> out = new LinkedHashSet<>();
        int i = 0;
        for (Object o : list(key)) {
            if (!(o instanceof String) || ((String) o).isBlank()) {
                throw error(field(key) + "[" + i + "]", "must be a non-empty string");
            }
            out.add((String) o);
            i++;
        }
        return out;
    }

    Optional<String> string(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw error(field(key), "must be a single value");
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    String requireString(String key) {
        return string(key).orElseThrow(() -> error(field(key), "is required"));
    }

    Optional<Integer> integer(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Integer) {
            return Optional.of((Integer) v);
        }
        try {
            return Optional.of(Integer.parseInt(String.valueOf(v).trim()));
        } catch (NumberFormatException e) {
            throw error(field(key), "must be an integer");
        }
    }

    boolean bool(String key, boolean defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw error(field(key), "must be true or false");
    }

    Optional<Duration> duration(String key) {
        return string(key).map(s -> parseDuration(field(key), s));
    }

    /** {@code 15m}, {@code 30s}, {@code 500ms}, {@code 2h}, {@code 1d}, or ISO-8601 {@code PT15M}. */
    static Duration parseDuration(String field, String s) {
        Matcher m = DURATION.matcher(s.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
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
        try {
            return Duration.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw error(field, "must be a duration such as 30s, 15m, 1h or PT15M");
        }
    }

    static KmsException error(String field, String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, "server config: " + field + ": " + message);
    }
}
