package dev.kms4j.vault.internal;

import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonArray;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Vault's {@code {"errors":[...]}} bodies. For 5xx answers (and DELETE answers other than
 * 204) the driver throws a {@link VaultException} whose message ends with
 * {@code "Response body: <body>"} instead of returning the answer; this is the only way to get
 * that body back through the driver's API. Stateless.
 */
final class DriverErrors {
    private static final String BODY_MARKER = "Response body: ";

    private DriverErrors() {
    }

    static List<String> errorsOf(byte[] body) {
        List<String> errors = new ArrayList<>();
        if (body == null || body.length == 0) {
            return errors;
        }
        try {
            JsonValue parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
            if (parsed.isObject()) {
                JsonValue list = ((JsonObject) parsed).get("errors");
                if (list != null && list.isArray()) {
                    for (JsonValue v : (JsonArray) list) {
                        if (v.isString()) {
                            errors.add(v.asString());
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // Not Vault's JSON (a proxy's HTML page, say): no error texts to show.
        }
        return errors;
    }

    static List<String> errorsOf(VaultException e) {
        String m = e.getMessage();
        int at = m == null ? -1 : m.indexOf(BODY_MARKER);
        if (at < 0) {
            return List.of();
        }
        return errorsOf(m.substring(at + BODY_MARKER.length()).getBytes(StandardCharsets.UTF_8));
    }
}
