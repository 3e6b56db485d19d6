package dev.kms4j.testkit.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as the fake sees it, independent of the HTTP server carrying it.
 *
 * <p>Immutable. The body may hold plaintext; it is never printed.
 */
public final class FakeHttpRequest {
    private final String method;
    private final String path;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    /** Header names are matched case-insensitively. */
    public FakeHttpRequest(String method, String path, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.path = path;
        Map<String, List<String>> h = new TreeMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        this.headers = h;
        this.body = body.clone();
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** All values of a header (empty if absent). */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "FakeHttpRequest[" + method + " " + path + "]";
    }
}
