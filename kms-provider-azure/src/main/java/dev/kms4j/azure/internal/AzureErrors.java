package dev.kms4j.azure.internal;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates Azure SDK exceptions into {@link KmsException}s, from the HTTP status and Key
 * Vault's error codes ({@code {"error":{"code","innererror":{"code"}}}}): {@code KeyNotFound}
 * and 404 are {@code NOT_FOUND}; 401 is {@code UNAUTHENTICATED}; 403 is {@code PERMISSION_DENIED}
 * except inner code {@code KeyDisabled} ({@code INVALID_KEY_STATE}) and
 * {@code KeyOperationForbidden} ({@code UNSUPPORTED}: the key's {@code key_ops} exclude the
 * operation); {@code BadParameter}/400 is {@code INVALID_ARGUMENT}; 409 is {@code ALREADY_EXISTS}
 * (or {@code INVALID_KEY_STATE} while a key is being deleted or recovered); 429 is
 * {@code THROTTLED} with the {@code Retry-After}; 408 and 504 are {@code TIMEOUT}; other 5xx are
 * {@code UNAVAILABLE}; I/O failures are {@code UNAVAILABLE}, or {@code TIMEOUT} when they time out.
 *
 * <p>Messages name the operation, the key, Key Vault's codes, the HTTP status and the request id.
 * Key Vault's message text is left out (a validation message can echo request values); it stays
 * reachable through the cause. Stateless and thread-safe.
 */
public final class AzureErrors {
    /** The scheme of the Azure Key Vault provider. */
    public static final String SCHEME = "azure-kv";

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Za-z0-9_.-]{1,64})\"");
    private static final Pattern INNER = Pattern.compile(
            "\"innererror\"\\s*:\\s*\\{\\s*\"code\"\\s*:\\s*\"([A-Za-z0-9_.-]{1,64})\"");

    private AzureErrors() {
    }

    /** A provider error naming the key; for failures found locally. */
    public static KmsException error(KmsErrorCode code, KeyRef ref, String message) {
        return KmsException.builder(code, message).provider(SCHEME).keyRef(ref).build();
    }

    /** A provider error naming the key, with a cause. */
    public static KmsException error(KmsErrorCode code, KeyRef ref, String message, Throwable cause) {
        return KmsException.builder(code, message).provider(SCHEME).keyRef(ref).cause(cause).build();
    }

    /** The kms4j code for an HTTP status and Key Vault error codes (either may be {@code null}). */
    public static KmsErrorCode codeOf(int status, String code, String innerCode) {
        if ("KeyDisabled".equals(innerCode)) {
            return KmsErrorCode.INVALID_KEY_STATE;
        }
        if ("KeyOperationForbidden".equals(innerCode)) {
            return KmsErrorCode.UNSUPPORTED;
        }
        if ("ObjectIsBeingDeleted".equals(innerCode) || "ObjectIsBeingRecovered".equals(innerCode)) {
            return KmsErrorCode.INVALID_KEY_STATE;
        }
        if ("KeyNotFound".equals(code)) {
            return KmsErrorCode.NOT_FOUND;
        }
        if ("Throttled".equals(code)) {
            return KmsErrorCode.THROTTLED;
        }
        switch (status) {
            case 400:
                return KmsErrorCode.INVALID_ARGUMENT;
            case 401:
                return KmsErrorCode.UNAUTHENTICATED;
            case 403:
                return KmsErrorCode.PERMISSION_DENIED;
            case 404:
                return KmsErrorCode.NOT_FOUND;
            case 408:
            case 504:
                return KmsErrorCode.TIMEOUT;
            case 409:
                return KmsErrorCode.ALREADY_EXISTS;
            case 429:
                return KmsErrorCode.THROTTLED;
            default:
                return status >= 500 ? KmsErrorCode.UNAVAILABLE : KmsErrorCode.INTERNAL;
        }
    }

    /**
     * Translates any exception from an SDK call.
     *
     * @param operation the kms4j operation, for the message
     * @param ref the key the call was about, or {@code null}
     */
    public static KmsException translate(String operation, KeyRef ref, RuntimeException e) {
        if (e instanceof KmsException) {
            return ((KmsException) e).withContext(SCHEME, ref);
        }
        String subject = operation + (ref == null ? "" : " on " + ref);
        if (e instanceof HttpResponseException && ((HttpResponseException) e).getResponse() != null) {
            HttpResponse response = ((HttpResponseException) e).getResponse();
            int status = response.getStatusCode();
            String[] codes = errorCodes((HttpResponseException) e);
            KmsErrorCode code = codeOf(status, codes[0], codes[1]);
            String shown = codes[0] == null ? "HTTP " + status : codes[0] + (codes[1] == null ? "" : "/" + codes[1]);
            String requestId = response.getHeaderValue("x-ms-request-id");
            String message = subject + " failed: Azure Key Vault answered " + shown + " (HTTP " + status
                    + (requestId == null ? "" : ", request id " + requestId) + ")";
            KmsException.Builder b = KmsException.builder(code, message).provider(SCHEME).keyRef(ref)
                    .providerErrorCode(codes[1] != null ? codes[1] : codes[0] != null ? codes[0] : "HTTP " + status)
                    .cause(e);
            if (code == KmsErrorCode.THROTTLED) {
                Duration after = retryAfter(response);
                if (after != null) {
                    b.retryAfter(after);
                }
            }
            return b.build();
        }
        if (e instanceof ClientAuthenticationException) {
            return KmsException.builder(KmsErrorCode.UNAUTHENTICATED, subject + " failed: no Azure token could be"
                            + " obtained (" + e.getClass().getSimpleName() + "); check the credential settings")
                    .provider(SCHEME).keyRef(ref).cause(e).build();
        }
        if (hasCause(e, SocketTimeoutException.class) || hasCause(e, java.net.http.HttpTimeoutException.class)
                || hasCause(e, TimeoutException.class)) {
            return KmsException.builder(KmsErrorCode.TIMEOUT, subject + " timed out waiting for Azure Key Vault ("
                            + rootCauseName(e) + "); see connect-timeout and response-timeout")
                    .provider(SCHEME).keyRef(ref).cause(e).build();
        }
        if (hasCause(e, IOException.class)) {
            return KmsException.builder(KmsErrorCode.UNAVAILABLE, subject + " failed: Azure Key Vault could not be"
                            + " reached (" + rootCauseName(e) + ")")
                    .provider(SCHEME).keyRef(ref).cause(e).build();
        }
        return KmsException.builder(KmsErrorCode.INTERNAL, subject + " failed unexpectedly ("
                        + e.getClass().getSimpleName() + ")")
                .provider(SCHEME).keyRef(ref).cause(e).build();
    }

    /** Key Vault's outer and inner error codes, each {@code null} if absent. */
    static String[] errorCodes(HttpResponseException e) {
        // The SDK keeps the error body in the exception's value and message; only the codes are read.
        String text = String.valueOf(e.getValue()) + " " + e.getMessage();
        Matcher outer = CODE.matcher(text);
        Matcher inner = INNER.matcher(text);
        return new String[] {outer.find() ? outer.group(1) : null, inner.find() ? inner.group(1) : null};
    }

    /** {@code Retry-After} (seconds or an HTTP date) or {@code retry-after-ms}, if present and sane. */
    static Duration retryAfter(HttpResponse response) {
        String ms = response.getHeaderValue("retry-after-ms");
        if (ms == null) {
            ms = response.getHeaderValue("x-ms-retry-after-ms");
        }
        try {
            if (ms != null) {
                return Duration.ofMillis(Math.max(0, Long.parseLong(ms.trim())));
            }
            String value = response.getHeaderValue("Retry-After");
            if (value == null) {
                return null;
            }
            String v = value.trim();
            if (v.chars().allMatch(Character::isDigit) && !v.isEmpty()) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    /** Whether the HTTP status of an SDK exception is {@code status}. */
    static boolean hasStatus(RuntimeException e, int status) {
        return e instanceof HttpResponseException && ((HttpResponseException) e).getResponse() != null
                && ((HttpResponseException) e).getResponse().getStatusCode() == status;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootCauseName(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String name = t.getClass().getSimpleName();
        return name.isEmpty() ? t.getClass().getName() : name;
    }
}
