package dev.kms4j.envelope.internal;

import dev.kms4j.KeyRef;
import java.util.concurrent.ConcurrentHashMap;

/**
 * KEK references already parsed from headers, by their text. Every decryption parses the KEK URIs
 * of its header, and {@link KeyRef#parse} validates each part with regular expressions, which
 * costs more than the rest of parsing a header; an application sees only a handful of KEKs.
 *
 * <p>Bounded: when {@value #MAX_ENTRIES} texts are held the map is emptied and refilled, so
 * headers made up by an attacker cannot grow it. Only texts that parsed are held; a text that
 * does not parse is parsed (and refused) every time. KEK references are not secret. Thread-safe.
 */
final class ParsedKeks {
    static final int MAX_ENTRIES = 1024;

    private final ConcurrentHashMap<String, KeyRef> byText = new ConcurrentHashMap<>();

    /** {@link KeyRef#parse(String)}, from memory when this text parsed before. */
    KeyRef parse(String text) {
        KeyRef ref = byText.get(text);
        if (ref != null) {
            return ref;
        }
        ref = KeyRef.parse(text);
        if (byText.size() >= MAX_ENTRIES) {
            byText.clear();
        }
        byText.put(text, ref);
        return ref;
    }

    /** Texts held now; for tests. */
    int size() {
        return byText.size();
    }
}
