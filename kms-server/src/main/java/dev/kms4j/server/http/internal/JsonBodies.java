package dev.kms4j.server.http.internal;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Strict JSON in and out of the endpoints, through Gson.
 *
 * <p>Requests must be one JSON object in strict JSON (no comments, no unquoted names, nothing after
 * it) in valid UTF-8; the named fields must be strings. Unknown fields are ignored, so that newer
 * clients keep working. Binary fields are standard base64 with padding (what Go's
 * {@code base64.StdEncoding} writes); anything else is {@link KmsErrorCode#INVALID_ARGUMENT}.
 * Error messages never quote field values: they may be secret.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonBodies {
    private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);

    private JsonBodies() {
    }

    /** Parses {@code body} as one JSON object. */
    public static JsonObject parseObject(byte[] body) {
        // Gson's JsonParser.parseReader switches the reader to lenient; the adapter keeps it strict.
        try (JsonReader reader = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = ELEMENTS.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw invalid("the request body has data after the JSON object");
            }
            if (element == null || !element.isJsonObject()) {
                throw invalid("the request body must be a JSON object");
            }
            return element.getAsJsonObject();
        } catch (CharacterCodingException e) {
            throw invalid("the request body is not valid UTF-8");
        } catch (IOException | JsonParseException | IllegalStateException e) {
            // Gson reports syntax errors as MalformedJsonException (an IOException) or
            // JsonParseException; neither message is passed on, as it may quote the body.
            throw invalid("the request body is not valid JSON");
        }
    }

    /** The string field {@code name} of {@code object}. */
    public static String requireString(JsonObject object, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            throw invalid("field '" + name + "' is required");
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw invalid("field '" + name + "' must be a string");
        }
        return value.getAsString();
    }

    /** Decodes the base64 field {@code name}; the caller owns (and zeroes) the result. */
    public static byte[] requireBase64(JsonObject object, String name) {
        String value = requireString(object, name);
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw invalid("field '" + name + "' is not valid base64 (standard alphabet, padded)");
        }
    }

    /**
     * A JSON object of string fields, as UTF-8 bytes the caller owns (zero them when a value was
     * secret).
     */
    public static byte[] object(Map<String, String> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonWriter writer = new JsonWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            writer.setHtmlSafe(false);
            writer.beginObject();
            for (Map.Entry<String, String> field : fields.entrySet()) {
                writer.name(field.getKey()).value(field.getValue());
            }
            writer.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * {@code {"<name>":"<base64 of binary>"}} as UTF-8 bytes the caller owns. Built by hand, not
     * through Gson, so that no copy of a secret value is left in a buffer that cannot be zeroed:
     * the only copies are the returned array (zero it after sending) and a scratch array zeroed
     * here. Base64 and the names used here need no JSON escaping.
     */
    public static byte[] base64Object(String name, byte[] binary) {
        byte[] prefix = ("{\"" + name + "\":\"").getBytes(StandardCharsets.US_ASCII);
        byte[] encoded = Base64.getEncoder().encode(binary);
        try {
            byte[] out = new byte[prefix.length + encoded.length + 2];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(encoded, 0, out, prefix.length, encoded.length);
            out[out.length - 2] = '"';
            out[out.length - 1] = '}';
            return out;
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    private static KmsException invalid(String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
    }
}
