package dev.kms4j.server.http.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Error answers: {@code {"error": "<KmsErrorCode name>", "message": "..."}} with the HTTP status of
 * the code. The {@code error} field is always a {@link KmsErrorCode} name, also for HTTP-level
 * failures (unknown path: NOT_FOUND; wrong method, body too large: INVALID_ARGUMENT), so a client
 * can map every error back with {@code KmsErrorCode.valueOf}.
 *
 * <p>{@link KmsErrorCode#INTERNAL} never passes its message on: it may describe server internals.
 * Other messages come from kms4j's own exceptions, which by the project's rules never hold secrets.
 *
 * <p>Stateless and thread-safe.
 */
public final class ErrorResponses {
    /** The message sent for every internal error. */
    public static final String INTERNAL_MESSAGE = "internal error; see the server log";

    private ErrorResponses() {
    }

    /** The HTTP status for {@code code}. */
    public static int statusOf(KmsErrorCode code) {
        switch (code) {
            case INVALID_ARGUMENT:
            case INTEGRITY: // the client's ciphertext does not authenticate: its input is bad
                return 400;
            case UNAUTHENTICATED:
                return 401;
            case PERMISSION_DENIED:
                return 403;
            case NOT_FOUND:
                return 404;
            case ALREADY_EXISTS:
            case INVALID_KEY_STATE:
                return 409;
            case THROTTLED:
                return 429;
            case UNSUPPORTED:
                return 501;
            case UNAVAILABLE:
                return 503;
            case TIMEOUT:
                return 504;
            case INTERNAL:
            default:
                return 500;
        }
    }

    /** The answer for {@code e}. */
    public static EndpointResponse of(KmsException e) {
        String message = e.code() == KmsErrorCode.INTERNAL || e.getMessage() == null ? INTERNAL_MESSAGE : e.getMessage();
        return of(e.code(), message, e.retryAfter());
    }

    /** The answer for {@code code} with {@code message} (which must not hold secrets). */
    public static EndpointResponse of(KmsErrorCode code, String message) {
        return of(code, message, Optional.empty());
    }

    /** A 405 answer naming the allowed method. */
    public static EndpointResponse methodNotAllowed(String method, String path, String allowed) {
        return new EndpointResponse(405, body(KmsErrorCode.INVALID_ARGUMENT,
                "method " + method + " is not allowed on " + path + "; use " + allowed), Optional.empty(), allowed);
    }

    /** A 413 answer for a body larger than {@code maxBytes}. */
    public static EndpointResponse tooLarge(int maxBytes) {
        return new EndpointResponse(413, body(KmsErrorCode.INVALID_ARGUMENT,
                "the request body is larger than " + maxBytes + " bytes"), Optional.empty(), null);
    }

    /** The generic 500 answer. */
    public static EndpointResponse internal() {
        return of(KmsErrorCode.INTERNAL, INTERNAL_MESSAGE);
    }

    private static EndpointResponse of(KmsErrorCode code, String message, Optional<Duration> retryAfter) {
        return new EndpointResponse(statusOf(code), body(code, message), retryAfter, null);
    }

    private static byte[] body(KmsErrorCode code, String message) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("error", code.name());
        fields.put("message", message);
        return JsonBodies.object(fields);
    }
}
