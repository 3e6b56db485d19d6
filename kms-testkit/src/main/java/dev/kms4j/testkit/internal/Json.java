package dev.kms4j.testkit.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;

/**
 * Reads and writes the awsJson1_1 bodies of the fake, through Gson (the version Tink already
 * brings). Objects become {@code Map<String,Object>} in document order, arrays
 * {@code List<Object>}, numbers {@link java.math.BigDecimal}; parsing is strict, so a body the
 * real service would reject as malformed is rejected here too.
 *
 * <p>Stateless and thread-safe.
 */
public final class Json {
    private static final Gson GSON = new GsonBuilder()
            .setObjectToNumberStrategy(ToNumberPolicy.BIG_DECIMAL)
            .setStrictness(Strictness.STRICT)
            .disableHtmlEscaping()
            .serializeNulls()
            .create();

    private Json() {
    }

    /** Parses one JSON value; throws {@link IllegalArgumentException} on malformed input. */
    public static Object parse(String text) {
        try {
            Object value = GSON.fromJson(text, Object.class);
            if (value == null && !text.strip().equals("null")) {
                throw new IllegalArgumentException("malformed JSON: empty document");
            }
            return value;
        } catch (JsonParseException e) {
            // Gson's message quotes the offending input, which may be a request body: leave it out.
            throw new IllegalArgumentException("malformed JSON");
        }
    }

    /** Writes maps, lists, strings, numbers, booleans and nulls as compact JSON. */
    public static String write(Object value) {
        return GSON.toJson(value);
    }
}
