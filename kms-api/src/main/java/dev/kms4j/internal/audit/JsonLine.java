package dev.kms4j.internal.audit;

/**
 * Writes one flat JSON object on one line, fields in the order added. Hand-written because kms-api
 * may depend on nothing but slf4j-api, and an audit line needs only strings, numbers and null.
 * Escapes {@code "}, {@code \}, every control character and U+2028/U+2029, so a value can never
 * end the string, the object or the line. Not thread-safe; one instance per line.
 */
public final class JsonLine {
    private final StringBuilder sb = new StringBuilder(256).append('{');
    private boolean first = true;

    /** A string field; {@code null} writes JSON null. */
    public JsonLine string(String name, String value) {
        name(name);
        if (value == null) {
            sb.append("null");
        } else {
            quote(sb, value);
        }
        return this;
    }

    /** A number field. */
    public JsonLine number(String name, long value) {
        name(name);
        sb.append(value);
        return this;
    }

    /** A field whose value is already JSON (a nested object this class wrote). */
    public JsonLine raw(String name, String json) {
        name(name);
        sb.append(json);
        return this;
    }

    /** A string field whose value is a Java identifier-like constant (an enum name): written without escaping checks. */
    public JsonLine constant(String name, String value) {
        name(name);
        sb.append('"').append(value).append('"');
        return this;
    }

    /**
     * Field names are string constants in kms4j's own code, made of letters and '_', so they are
     * written without the escaping scan that values get.
     */
    private void name(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        sb.append('"').append(name).append("\":");
    }

    /** The object, without a line break. */
    public String close() {
        return sb.append('}').toString();
    }

    private static boolean needsEscaping(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    /** A string field holding an instant in {@link java.time.format.DateTimeFormatter#ISO_INSTANT} form. */
    public JsonLine instant(String name, java.time.Instant value) {
        name(name);
        sb.append('"');
        IsoInstant.append(sb, value);
        sb.append('"');
        return this;
    }

    /** Appends {@code s} as a JSON string literal. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        if (!needsEscaping(s)) {
            // The usual case (names, URIs, codes): one bulk copy instead of a char-by-char append.
            sb.append(s).append('"');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
