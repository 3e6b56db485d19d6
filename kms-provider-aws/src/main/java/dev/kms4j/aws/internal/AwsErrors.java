package dev.kms4j.aws.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidAliasNameException;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.KeyUnavailableException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.TagException;

/**
 * Translates AWS SDK exceptions into {@link KmsException}s, by three tables tried in order: the
 * SDK's modelled exception class, the AWS error code (for errors the KMS model does not declare,
 * such as {@code AccessDeniedException} or {@code ThrottlingException}), then the HTTP status.
 *
 * <p>Messages name the operation, the key, the AWS error code, the HTTP status and the AWS
 * request id. The AWS message text is deliberately left out, because a validation message can
 * echo request values; it stays reachable through the cause for diagnosis. Stateless and
 * thread-safe.
 */
public final class AwsErrors {
    /** The scheme of the AWS KMS provider. */
    public static final String SCHEME = "aws-kms";

    /** Modelled exception classes; looked up by exact class, then by superclass. */
    private static final Map<Class<? extends AwsServiceException>, KmsErrorCode> BY_CLASS = new LinkedHashMap<>();
    /** AWS error codes ({@code __type}), for exceptions the SDK surfaces as a generic KmsException. */
    private static final Map<String, KmsErrorCode> BY_ERROR_CODE = new LinkedHashMap<>();
    /** HTTP statuses, the last resort. */
    private static final Map<Integer, KmsErrorCode> BY_STATUS = new LinkedHashMap<>();

    static {
        BY_CLASS.put(NotFoundException.class, KmsErrorCode.NOT_FOUND);
        BY_CLASS.put(AlreadyExistsException.class, KmsErrorCode.ALREADY_EXISTS);
        BY_CLASS.put(DisabledException.class, KmsErrorCode.INVALID_KEY_STATE);
        BY_CLASS.put(KmsInvalidStateException.class, KmsErrorCode.INVALID_KEY_STATE);
        BY_CLASS.put(InvalidCiphertextException.class, KmsErrorCode.INTEGRITY);
        BY_CLASS.put(IncorrectKeyException.class, KmsErrorCode.INTEGRITY);
        // verify() turns these two into "false" before they get here; elsewhere they are integrity failures.
        BY_CLASS.put(KmsInvalidSignatureException.class, KmsErrorCode.INTEGRITY);
        BY_CLASS.put(KmsInvalidMacException.class, KmsErrorCode.INTEGRITY);
        // An operation the key's spec or usage cannot do is UNSUPPORTED, as the TCK requires.
        BY_CLASS.put(InvalidKeyUsageException.class, KmsErrorCode.UNSUPPORTED);
        BY_CLASS.put(software.amazon.awssdk.services.kms.model.UnsupportedOperationException.class,
                KmsErrorCode.UNSUPPORTED);
        BY_CLASS.put(InvalidAliasNameException.class, KmsErrorCode.INVALID_ARGUMENT);
        BY_CLASS.put(InvalidArnException.class, KmsErrorCode.INVALID_ARGUMENT);
        BY_CLASS.put(InvalidMarkerException.class, KmsErrorCode.INVALID_ARGUMENT);
        BY_CLASS.put(InvalidGrantTokenException.class, KmsErrorCode.INVALID_ARGUMENT);
        BY_CLASS.put(TagException.class, KmsErrorCode.INVALID_ARGUMENT);
        BY_CLASS.put(LimitExceededException.class, KmsErrorCode.THROTTLED);
        BY_CLASS.put(KmsInternalException.class, KmsErrorCode.UNAVAILABLE);
        BY_CLASS.put(KeyUnavailableException.class, KmsErrorCode.UNAVAILABLE);
        BY_CLASS.put(DependencyTimeoutException.class, KmsErrorCode.TIMEOUT);

        for (String code : new String[] {"AccessDeniedException", "AccessDenied"}) {
            BY_ERROR_CODE.put(code, KmsErrorCode.PERMISSION_DENIED);
        }
        for (String code : new String[] {"UnrecognizedClientException", "InvalidSignatureException",
                "IncompleteSignature", "InvalidClientTokenId", "ExpiredTokenException", "ExpiredToken",
                "MissingAuthenticationToken", "MissingAuthenticationTokenException", "SignatureDoesNotMatch"}) {
            BY_ERROR_CODE.put(code, KmsErrorCode.UNAUTHENTICATED);
        }
        for (String code : new String[] {"ValidationException", "SerializationException", "InvalidParameterValue"}) {
            BY_ERROR_CODE.put(code, KmsErrorCode.INVALID_ARGUMENT);
        }
        for (String code : new String[] {"ThrottlingException", "Throttling", "TooManyRequestsException",
                "RequestLimitExceeded", "LimitExceededException"}) {
            BY_ERROR_CODE.put(code, KmsErrorCode.THROTTLED);
        }
        for (String code : new String[] {"ServiceUnavailable", "ServiceUnavailableException", "InternalFailure",
                "InternalError", "KMSInternalException", "KeyUnavailableException"}) {
            BY_ERROR_CODE.put(code, KmsErrorCode.UNAVAILABLE);
        }
        for (String code : new String[] {"RequestTimeout", "RequestTimeoutException", "DependencyTimeoutException"}) {
            BY_ERROR_CODE.put(code, KmsErrorCode.TIMEOUT);
        }
        BY_ERROR_CODE.put("NotFoundException", KmsErrorCode.NOT_FOUND);
        BY_ERROR_CODE.put("AlreadyExistsException", KmsErrorCode.ALREADY_EXISTS);
        BY_ERROR_CODE.put("DisabledException", KmsErrorCode.INVALID_KEY_STATE);
        BY_ERROR_CODE.put("KMSInvalidStateException", KmsErrorCode.INVALID_KEY_STATE);
        BY_ERROR_CODE.put("InvalidCiphertextException", KmsErrorCode.INTEGRITY);
        BY_ERROR_CODE.put("IncorrectKeyException", KmsErrorCode.INTEGRITY);
        BY_ERROR_CODE.put("InvalidKeyUsageException", KmsErrorCode.UNSUPPORTED);

        BY_STATUS.put(400, KmsErrorCode.INVALID_ARGUMENT);
        BY_STATUS.put(401, KmsErrorCode.UNAUTHENTICATED);
        BY_STATUS.put(403, KmsErrorCode.PERMISSION_DENIED);
        BY_STATUS.put(408, KmsErrorCode.TIMEOUT);
        BY_STATUS.put(429, KmsErrorCode.THROTTLED);
        BY_STATUS.put(500, KmsErrorCode.UNAVAILABLE);
        BY_STATUS.put(502, KmsErrorCode.UNAVAILABLE);
        BY_STATUS.put(503, KmsErrorCode.UNAVAILABLE);
        BY_STATUS.put(504, KmsErrorCode.TIMEOUT);
    }

    private AwsErrors() {
    }

    /** A provider error naming the key; for failures found locally, before or after a call. */
    public static KmsException error(KmsErrorCode code, KeyRef ref, String message) {
        return KmsException.builder(code, message).provider(SCHEME).keyRef(ref).build();
    }

    /** A provider error naming the key, with a cause. */
    public static KmsException error(KmsErrorCode code, KeyRef ref, String message, Throwable cause) {
        return KmsException.builder(code, message).provider(SCHEME).keyRef(ref).cause(cause).build();
    }

    /** The kms4j code for an AWS service exception (exposed for the mapping tests). */
    public static KmsErrorCode codeOf(AwsServiceException e) {
        for (Class<?> c = e.getClass(); c != null && AwsServiceException.class.isAssignableFrom(c); c = c.getSuperclass()) {
            KmsErrorCode code = BY_CLASS.get(c);
            if (code != null) {
                return code;
            }
        }
        String errorCode = errorCode(e);
        if (errorCode != null && BY_ERROR_CODE.containsKey(errorCode)) {
            return BY_ERROR_CODE.get(errorCode);
        }
        if (e.isThrottlingException()) {
            return KmsErrorCode.THROTTLED;
        }
        KmsErrorCode byStatus = BY_STATUS.get(e.statusCode());
        if (byStatus != null) {
            return byStatus;
        }
        return e.statusCode() >= 500 ? KmsErrorCode.UNAVAILABLE : KmsErrorCode.INTERNAL;
    }

    /**
     * Translates any exception from a KMS client call.
     *
     * @param operation the kms4j operation, for the message
     * @param ref the key the call was about, or {@code null}
     */
    public static KmsException translate(String operation, KeyRef ref, RuntimeException e) {
        if (e instanceof KmsException) {
            return ((KmsException) e).withContext(SCHEME, ref);
        }
        String subject = operation + (ref == null ? "" : " on " + ref);
        if (e instanceof AwsServiceException) {
            AwsServiceException ase = (AwsServiceException) e;
            KmsErrorCode code = codeOf(ase);
            String errorCode = errorCode(ase);
            String shownCode = errorCode != null ? errorCode : ase.getClass().getSimpleName();
            String message = subject + " failed: AWS KMS answered " + shownCode + " (HTTP " + ase.statusCode()
                    + (ase.requestId() == null ? "" : ", request id " + ase.requestId()) + ")";
            return KmsException.builder(code, message).provider(SCHEME).keyRef(ref)
                    .providerErrorCode(shownCode).cause(e).build();
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return KmsException.builder(KmsErrorCode.TIMEOUT, subject + " timed out ("
                            + e.getClass().getSimpleName() + "); see api-call-timeout and api-call-attempt-timeout")
                    .provider(SCHEME).keyRef(ref).cause(e).build();
        }
        if (e instanceof SdkClientException) {
            if (isCredentialsFailure(e)) {
                return KmsException.builder(KmsErrorCode.UNAUTHENTICATED, subject
                                + " failed: no AWS credentials could be loaded (static keys, profile or default chain)")
                        .provider(SCHEME).keyRef(ref).cause(e).build();
            }
            if (hasCause(e, java.net.SocketTimeoutException.class)) {
                return KmsException.builder(KmsErrorCode.TIMEOUT, subject + " timed out waiting for AWS KMS ("
                                + rootCauseName(e) + ")")
                        .provider(SCHEME).keyRef(ref).cause(e).build();
            }
            return KmsException.builder(KmsErrorCode.UNAVAILABLE, subject + " failed: AWS KMS could not be reached ("
                            + rootCauseName(e) + ")")
                    .provider(SCHEME).keyRef(ref).cause(e).build();
        }
        return KmsException.builder(KmsErrorCode.INTERNAL, subject + " failed unexpectedly ("
                        + e.getClass().getSimpleName() + ")")
                .provider(SCHEME).keyRef(ref).cause(e).build();
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** The SDK reports a failed credentials chain as a client exception; its message is its own, not the user's. */
    private static boolean isCredentialsFailure(RuntimeException e) {
        String m = e.getMessage();
        return m != null && (m.startsWith("Unable to load credentials") || m.contains("Unable to load credentials"));
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
        return t.getClass().getSimpleName();
    }
}
