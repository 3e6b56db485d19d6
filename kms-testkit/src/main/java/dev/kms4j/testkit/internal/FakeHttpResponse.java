package dev.kms4j.testkit.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A fake's answer to one request, independent of the HTTP server: a status, content type, extra
 * headers and body, optionally after a delay; or a connection reset.
 *
 * <p>Immutable. The body may hold plaintext (a decrypt answer); it is never printed.
 */
public final class FakeHttpResponse {
    private final int status;
    private final String contentType;
    private final Map<String, String> headers;
    private final String body;
    private final Duration delay;
    private final boolean connectionReset;

    private FakeHttpResponse(int status, String contentType, Map<String, String> headers, String body,
            Duration delay, boolean connectionReset) {
        this.status = status;
        this.contentType = contentType;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.delay = Objects.requireNonNull(delay, "delay");
        this.connectionReset = connectionReset;
    }

    /** A response with a body of the given content type (a {@code null} body sends none). */
    public static FakeHttpResponse of(int status, String contentType, String body, Duration delay) {
        return new FakeHttpResponse(status, contentType, Map.of(), body == null ? "" : body, delay, false);
    }

    /** A connection reset after {@code delay}: no status, no body. */
    public static FakeHttpResponse connectionReset(Duration delay) {
        return new FakeHttpResponse(0, null, Map.of(), "", delay, true);
    }

    /** The same response with one more header (a later value for the same name replaces it). */
    public FakeHttpResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new FakeHttpResponse(status, contentType, h, body, delay, connectionReset);
    }

    public int status() {
        return status;
    }

    /** The {@code Content-Type}, or {@code null} for none. */
    public String contentType() {
        return contentType;
    }

    /** Extra headers to send, besides {@code Content-Type}. */
    public Map<String, String> headers() {
        return headers;
    }

    public String body() {
        return body;
    }

    public Duration delay() {
        return delay;
    }

    public boolean connectionReset() {
        return connectionReset;
    }

    @Override
    public String toString() {
        return connectionReset ? "FakeHttpResponse[reset]" : "FakeHttpResponse[" + status + "]";
    }
}
