package dev.kms4j.server.http.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * One answer of an endpoint: HTTP status code, JSON body (owned by the receiver, who zeroes it
 * after sending because it may hold base64 plaintext), an optional {@code Retry-After}, and
 * whether the method was wrong (then {@code Allow} names the right one).
 *
 * <p>Not thread-safe: the body array is mutable and handed over once. {@link #toString()} leaves
 * the body out.
 */
public record EndpointResponse(int status, byte[] body, Optional<Duration> retryAfter, String allow) {

    /** A 200 answer with {@code body}. */
    public static EndpointResponse ok(byte[] body) {
        return new EndpointResponse(200, body, Optional.empty(), null);
    }

    @Override
    public String toString() {
        return "EndpointResponse[status=" + status + ", " + body.length + " body bytes]";
    }
}
