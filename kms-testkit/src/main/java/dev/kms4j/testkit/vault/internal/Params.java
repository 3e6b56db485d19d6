package dev.kms4j.testkit.vault.internal;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;

/**
 * Reads request parameters the way Vault's framework does: numbers and booleans may also arrive
 * as strings; base64 fields are standard base64. Errors are Vault's 400s and never quote the
 * value. Stateless.
 */
final class Params {
    private Params() {
    }

    static String string(Map<String, Object> body, String name, String defaultValue) {
        Object v = body.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        throw VaultError.badRequest("field '" + name + "' must be a string");
    }

    static boolean bool(Map<String, Object> body, String name, boolean defaultValue) {
        Object v = body.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if (v instanceof String && ("true".equals(v) || "false".equals(v))) {
            return Boolean.parseBoolean((String) v);
        }
        throw VaultError.badRequest("field '" + name + "' must be a boolean");
    }

    static Boolean optionalBool(Map<String, Object> body, String name) {
        return body.containsKey(name) ? bool(body, name, false) : null;
    }

    static int integer(Map<String, Object> body, String name, int defaultValue) {
        Object v = body.get(name);
        if (v == null || "".equals(v)) {
            return defaultValue;
        }
        try {
            if (v instanceof BigDecimal) {
                return ((BigDecimal) v).intValueExact();
            }
            if (v instanceof String) {
                return Integer.parseInt(((String) v).trim());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // fall through
        }
        throw VaultError.badRequest("field '" + name + "' must be an integer");
    }

    static Integer optionalInteger(Map<String, Object> body, String name) {
        return body.containsKey(name) ? integer(body, name, 0) : null;
    }

    private static final java.util.regex.Pattern GO_DURATION =
            java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    /**
     * A duration field as Vault reads it: integer seconds, or a Go duration of hours, minutes and
     * seconds ({@code "8760h"}, {@code "1h30m"}); {@code null} when absent.
     */
    static Long durationSeconds(Map<String, Object> body, String name) {
        if (!body.containsKey(name)) {
            return null;
        }
        String s = string(body, name, "0").trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            java.util.regex.Matcher m = GO_DURATION.matcher(s);
            if (s.isEmpty() || !m.matches()) {
                throw VaultError.badRequest("field '" + name + "' must be a duration");
            }
            long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            long min = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
            long sec = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
            return h * 3600 + min * 60 + sec;
        }
    }

    /** A base64 field, or {@code null} when absent. */
    static byte[] base64(Map<String, Object> body, String name) {
        String s = string(body, name, null);
        if (s == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("failed to base64-decode " + name);
        }
    }
}
