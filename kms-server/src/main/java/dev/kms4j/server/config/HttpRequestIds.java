package dev.kms4j.server.config;

import dev.kms4j.server.http.HttpRequestMetadata;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id of an HTTP request for the audit trail: the {@code X-Request-Id} header when it is
 * 1-128 of {@code [A-Za-z0-9._:-]} (the gRPC side's rule), otherwise a fresh random UUID, so a
 * client cannot put arbitrary text into audit records. Stateless and thread-safe.
 */
final class HttpRequestIds {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private HttpRequestIds() {
    }

    static String fromHeaders(HttpRequestMetadata request) {
        String given = request.headers().get("x-request-id");
        return given != null && FORMAT.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
