package dev.kms4j.testkit.aws.internal;

import java.time.Duration;

/**
 * The fake's answer to one request, independent of the HTTP server: a status and JSON body,
 * a delay, or a connection reset.
 *
 * <p>Immutable. The body may hold plaintext (Decrypt); it is never printed.
 */
public final class FakeHttpResponse {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final int status;
    private final String body;
    private final Duration delay;
    private final boolean connectionReset;

    private FakeHttpResponse(int status, String body, Duration delay, boolean connectionReset) {
        this.status = status;
        this.body = body;
        this.delay = delay;
        this.connectionReset = connectionReset;
    }

    public static FakeHttpResponse json(int status, String body, Duration delay) {
        return new FakeHttpResponse(status, body, delay, false);
    }

    public static FakeHttpResponse connectionReset(Duration delay) {
        return new FakeHttpResponse(0, "", delay, true);
    }

    public int status() {
        return status;
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
