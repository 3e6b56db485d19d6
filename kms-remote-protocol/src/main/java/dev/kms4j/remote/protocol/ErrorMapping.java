package dev.kms4j.remote.protocol;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.remote.protocol.v1.Error;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Failures across the wire: a {@link KmsException} becomes a gRPC status plus trailers, and the
 * other side rebuilds a {@link KmsException} with the <em>same</em> {@link KmsErrorCode}.
 *
 * <p>The status code follows the table below, so plain gRPC clients (any language) see a sensible
 * code; the exact kms4j code travels in the trailer {@value #ERROR_CODE_KEY_NAME}. Two more
 * trailers keep what the caller's retry decision depends on: {@value #RETRYABLE_KEY_NAME}
 * ({@code true}/{@code false}, sent always) and {@value #RETRY_AFTER_KEY_NAME} (milliseconds,
 * when the provider asked for a wait).
 *
 * <table>
 *   <caption>kms4j error code and gRPC status</caption>
 *   <tr><th>KmsErrorCode</th><th>gRPC status sent</th></tr>
 *   <tr><td>NOT_FOUND</td><td>NOT_FOUND</td></tr>
 *   <tr><td>ALREADY_EXISTS</td><td>ALREADY_EXISTS</td></tr>
 *   <tr><td>INVALID_ARGUMENT</td><td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>UNAUTHENTICATED</td><td>UNAUTHENTICATED</td></tr>
 *   <tr><td>PERMISSION_DENIED</td><td>PERMISSION_DENIED</td></tr>
 *   <tr><td>INVALID_KEY_STATE</td><td>FAILED_PRECONDITION</td></tr>
 *   <tr><td>UNSUPPORTED</td><td>UNIMPLEMENTED</td></tr>
 *   <tr><td>INTEGRITY</td><td>INVALID_ARGUMENT (a rejected ciphertext is bad input to the caller)</td></tr>
 *   <tr><td>THROTTLED</td><td>RESOURCE_EXHAUSTED</td></tr>
 *   <tr><td>UNAVAILABLE</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>TIMEOUT</td><td>DEADLINE_EXCEEDED</td></tr>
 *   <tr><td>INTERNAL</td><td>INTERNAL</td></tr>
 * </table>
 *
 * <p>Without the trailer (a proxy, the gRPC runtime itself, an older or foreign server), or with a
 * name this version does not know, the code is derived from the status: {@code DEADLINE_EXCEEDED}
 * is {@code TIMEOUT}, {@code UNAVAILABLE}, {@code CANCELLED} and {@code ABORTED} are
 * {@code UNAVAILABLE}, {@code RESOURCE_EXHAUSTED} is {@code THROTTLED}, {@code FAILED_PRECONDITION}
 * is {@code INVALID_KEY_STATE}, {@code UNIMPLEMENTED} is {@code UNSUPPORTED}, {@code DATA_LOSS} is
 * {@code INTEGRITY}, {@code OUT_OF_RANGE} is {@code INVALID_ARGUMENT}, {@code UNKNOWN} and
 * {@code OK} are {@code INTERNAL}; the others have a kms4j code of the same name.
 *
 * <p>Messages cross as they are (shortened to {@value #MAX_MESSAGE_LENGTH} characters): kms4j
 * messages never hold key material, plaintext or tokens, and nothing here adds any. Stateless and
 * thread-safe.
 */
public final class ErrorMapping {
    /** The trailer holding the {@link KmsErrorCode} name. */
    public static final String ERROR_CODE_KEY_NAME = "kms4j-error-code";
    /** The trailer saying whether the same call may succeed later. */
    public static final String RETRYABLE_KEY_NAME = "kms4j-retryable";
    /** The trailer holding the wait the provider asked for, in milliseconds. */
    public static final String RETRY_AFTER_KEY_NAME = "kms4j-retry-after-millis";
    /** Longest status description sent. */
    public static final int MAX_MESSAGE_LENGTH = 1024;

    /** The {@value #ERROR_CODE_KEY_NAME} trailer key (ASCII). */
    public static final Metadata.Key<String> ERROR_CODE_KEY =
            Metadata.Key.of(ERROR_CODE_KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);
    /** The {@value #RETRYABLE_KEY_NAME} trailer key (ASCII). */
    public static final Metadata.Key<String> RETRYABLE_KEY =
            Metadata.Key.of(RETRYABLE_KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);
    /** The {@value #RETRY_AFTER_KEY_NAME} trailer key (ASCII). */
    public static final Metadata.Key<String> RETRY_AFTER_KEY =
            Metadata.Key.of(RETRY_AFTER_KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);

    private static final Map<KmsErrorCode, Status.Code> TO_STATUS = new EnumMap<>(KmsErrorCode.class);

    static {
        TO_STATUS.put(KmsErrorCode.NOT_FOUND, Status.Code.NOT_FOUND);
        TO_STATUS.put(KmsErrorCode.ALREADY_EXISTS, Status.Code.ALREADY_EXISTS);
        TO_STATUS.put(KmsErrorCode.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT);
        TO_STATUS.put(KmsErrorCode.UNAUTHENTICATED, Status.Code.UNAUTHENTICATED);
        TO_STATUS.put(KmsErrorCode.PERMISSION_DENIED, Status.Code.PERMISSION_DENIED);
        TO_STATUS.put(KmsErrorCode.INVALID_KEY_STATE, Status.Code.FAILED_PRECONDITION);
        TO_STATUS.put(KmsErrorCode.UNSUPPORTED, Status.Code.UNIMPLEMENTED);
        TO_STATUS.put(KmsErrorCode.INTEGRITY, Status.Code.INVALID_ARGUMENT);
        TO_STATUS.put(KmsErrorCode.THROTTLED, Status.Code.RESOURCE_EXHAUSTED);
        TO_STATUS.put(KmsErrorCode.UNAVAILABLE, Status.Code.UNAVAILABLE);
        TO_STATUS.put(KmsErrorCode.TIMEOUT, Status.Code.DEADLINE_EXCEEDED);
        TO_STATUS.put(KmsErrorCode.INTERNAL, Status.Code.INTERNAL);
    }

    private ErrorMapping() {
    }

    /** The gRPC status code a kms4j error code is sent with. */
    public static Status.Code statusCode(KmsErrorCode code) {
        return TO_STATUS.get(Objects.requireNonNull(code, "code"));
    }

    /** The kms4j error code for a gRPC status that came without a (known) trailer. */
    public static KmsErrorCode errorCode(Status.Code status) {
        switch (Objects.requireNonNull(status, "status")) {
            case DEADLINE_EXCEEDED:
                return KmsErrorCode.TIMEOUT;
            case UNAVAILABLE:
            case CANCELLED:
            case ABORTED:
                return KmsErrorCode.UNAVAILABLE;
            case RESOURCE_EXHAUSTED:
                return KmsErrorCode.THROTTLED;
            case UNAUTHENTICATED:
                return KmsErrorCode.UNAUTHENTICATED;
            case PERMISSION_DENIED:
                return KmsErrorCode.PERMISSION_DENIED;
            case NOT_FOUND:
                return KmsErrorCode.NOT_FOUND;
            case ALREADY_EXISTS:
                return KmsErrorCode.ALREADY_EXISTS;
            case INVALID_ARGUMENT:
            case OUT_OF_RANGE:
                return KmsErrorCode.INVALID_ARGUMENT;
            case FAILED_PRECONDITION:
                return KmsErrorCode.INVALID_KEY_STATE;
            case UNIMPLEMENTED:
                return KmsErrorCode.UNSUPPORTED;
            case DATA_LOSS:
                return KmsErrorCode.INTEGRITY;
            default:
                return KmsErrorCode.INTERNAL;
        }
    }

    /** The status and trailers for {@code e}, ready for {@code StreamObserver.onError}. */
    public static StatusRuntimeException toStatusException(KmsException e) {
        Objects.requireNonNull(e, "exception");
        Metadata trailers = new Metadata();
        trailers.put(ERROR_CODE_KEY, e.code().name());
        trailers.put(RETRYABLE_KEY, Boolean.toString(e.isRetryable()));
        e.retryAfter().ifPresent(d -> trailers.put(RETRY_AFTER_KEY, Long.toString(Math.max(0, d.toMillis()))));
        Status status = Status.fromCode(statusCode(e.code())).withDescription(shorten(e.getMessage()));
        return status.asRuntimeException(trailers);
    }

    /**
     * The {@link KmsException} for a failed call. The code comes from the trailer when present and
     * known, else from the status; retryability from its trailer, else the code's default. The
     * status exception is kept as the cause.
     */
    public static KmsException fromStatusException(StatusRuntimeException e) {
        Objects.requireNonNull(e, "exception");
        return fromStatus(e.getStatus(), e.getTrailers(), e);
    }

    /** As {@link #fromStatusException(StatusRuntimeException)}, for the checked variant. */
    public static KmsException fromStatusException(StatusException e) {
        Objects.requireNonNull(e, "exception");
        return fromStatus(e.getStatus(), e.getTrailers(), e);
    }

    /** The {@link KmsException} for a status and its trailers (either may lack kms4j details). */
    public static KmsException fromStatus(Status status, Metadata trailers, Throwable cause) {
        Objects.requireNonNull(status, "status");
        KmsErrorCode code = null;
        Boolean retryable = null;
        Duration retryAfter = null;
        if (trailers != null) {
            code = knownCode(trailers.get(ERROR_CODE_KEY));
            String r = trailers.get(RETRYABLE_KEY);
            if ("true".equals(r) || "false".equals(r)) {
                retryable = Boolean.valueOf(r);
            }
            retryAfter = millis(trailers.get(RETRY_AFTER_KEY));
        }
        if (code == null) {
            code = errorCode(status.getCode());
        }
        String description = status.getDescription();
        String message = description == null || description.isBlank()
                ? "kms4j server call failed with gRPC status " + status.getCode()
                : shorten(description);
        KmsException.Builder b = KmsException.builder(code, message)
                .providerErrorCode("grpc:" + status.getCode().name())
                .cause(cause);
        if (retryable != null) {
            b.retryable(retryable);
        }
        if (retryAfter != null) {
            b.retryAfter(retryAfter);
        }
        return b.build();
    }

    /** A batch item's failure as the protocol's {@code Error} message. */
    public static Error toError(KmsException e) {
        Objects.requireNonNull(e, "exception");
        return Error.newBuilder().setCode(e.code().name()).setMessage(shorten(e.getMessage())).build();
    }

    /** A batch item's failure from the protocol's {@code Error}; an unknown code is {@code INTERNAL}. */
    public static KmsException fromError(Error error) {
        Objects.requireNonNull(error, "error");
        KmsErrorCode code = knownCode(error.getCode());
        String message = error.getMessage().isBlank() ? "batch item failed" : shorten(error.getMessage());
        if (code == null) {
            return KmsException.builder(KmsErrorCode.INTERNAL,
                    message + " (unknown error code " + quote(error.getCode()) + " from the server)").build();
        }
        return new KmsException(code, message);
    }

    private static KmsErrorCode knownCode(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        try {
            return KmsErrorCode.valueOf(name);
        } catch (IllegalArgumentException unknown) {
            return null; // a newer server's code: fall back to the status
        }
    }

    private static Duration millis(String value) {
        if (value == null) {
            return null;
        }
        try {
            long ms = Long.parseLong(value);
            return ms < 0 ? null : Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String shorten(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }

    private static String quote(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
