package dev.kms4j.testkit.aws.internal;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to the members of one parsed awsJson1_1 request body. Missing or ill-typed
 * members give ValidationException, the error KMS answers for them.
 *
 * <p>Not thread-safe; one per request. The decoded binaries may be secret (plaintexts): callers
 * zero them.
 */
final class KmsRequest {
    private final Map<String, Object> body;

    KmsRequest(Map<String, Object> body) {
        this.body = body;
    }

    boolean has(String name) {
        return body.get(name) != null;
    }

    String string(String name) {
        Object v = body.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String)) {
            throw AwsError.validation("Member " + name + " must be a string");
        }
        return (String) v;
    }

    String requiredString(String name) {
        String v = string(name);
        if (v == null || v.isEmpty()) {
            throw missing(name);
        }
        return v;
    }

    Integer integer(String name) {
        Object v = body.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof BigDecimal)) {
            throw AwsError.validation("Member " + name + " must be a number");
        }
        try {
            return ((BigDecimal) v).intValueExact();
        } catch (ArithmeticException e) {
            throw AwsError.validation("Member " + name + " must be an integer");
        }
    }

    Boolean bool(String name) {
        Object v = body.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean)) {
            throw AwsError.validation("Member " + name + " must be a boolean");
        }
        return (Boolean) v;
    }

    byte[] bytes(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw AwsError.validation("Member " + name + " is not valid base64");
        }
    }

    /** A required binary of {@code min..max} bytes. */
    byte[] requiredBytes(String name, int min, int max) {
        byte[] b = bytes(name);
        if (b == null) {
            throw missing(name);
        }
        if (b.length < min || b.length > max) {
            throw AwsError.validation("1 validation error detected: Value at '" + lowerFirst(name)
                    + "' failed to satisfy constraint: Member must have length between " + min + " and " + max);
        }
        return b;
    }

    Map<String, String> stringMap(String name) {
        Object v = body.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw AwsError.validation("Member " + name + " must be a map");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw AwsError.validation("Member " + name + " must map strings to strings");
            }
            out.put((String) e.getKey(), (String) e.getValue());
        }
        return out;
    }

    List<?> list(String name) {
        Object v = body.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List)) {
            throw AwsError.validation("Member " + name + " must be a list");
        }
        return (List<?>) v;
    }

    static AwsError missing(String name) {
        return AwsError.validation("1 validation error detected: Value null at '" + lowerFirst(name)
                + "' failed to satisfy constraint: Member must not be null");
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
