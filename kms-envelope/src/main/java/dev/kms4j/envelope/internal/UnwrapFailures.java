package dev.kms4j.envelope.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Combines the failures of every KEK decryption tried into one {@link KmsException} that names the
 * KEKs tried (references only) and carries the most meaningful code, chosen by this rule:
 * <ol>
 *   <li>a retryable failure (UNAVAILABLE, TIMEOUT, THROTTLED): a retry may succeed, so callers
 *       that branch on {@code isRetryable()} do the right thing;</li>
 *   <li>INTEGRITY: a reachable KEK rejected the wrapped DEK (altered bytes or wrong context);</li>
 *   <li>INVALID_KEY_STATE, PERMISSION_DENIED, UNAUTHENTICATED: the key exists but may not be used;</li>
 *   <li>NOT_FOUND, then everything else (UNSUPPORTED, INVALID_ARGUMENT such as a scheme that is
 *       not enabled, INTERNAL).</li>
 * </ol>
 * Ties go to the KEK tried first. The other failures are attached as suppressed exceptions.
 * Not thread-safe; one instance per decryption.
 */
public final class UnwrapFailures {
    private final List<KeyRef> tried = new ArrayList<>();
    private final List<KmsException> failures = new ArrayList<>();

    public void add(KeyRef kek, KmsException failure) {
        tried.add(kek);
        failures.add(failure);
    }

    static int rank(KmsErrorCode code) {
        switch (code) {
            case UNAVAILABLE:
            case TIMEOUT:
            case THROTTLED:
                return 0;
            case INTEGRITY:
                return 1;
            case INVALID_KEY_STATE:
            case PERMISSION_DENIED:
            case UNAUTHENTICATED:
                return 2;
            case NOT_FOUND:
                return 3;
            default:
                return 4;
        }
    }

    /** The combined exception; {@code headerKeks} is used when nothing could be tried at all. */
    public KmsException toException(List<KeyRef> headerKeks) {
        if (failures.isEmpty()) {
            return new KmsException(KmsErrorCode.NOT_FOUND, "envelope message is wrapped only under KEKs this envelope "
                    + "may not use: " + headerKeks);
        }
        KmsException best = failures.get(0);
        for (KmsException f : failures) {
            if (rank(f.code()) < rank(best.code())) {
                best = f;
            }
        }
        String detail = tried.stream().map(KeyRef::toUri).collect(Collectors.joining(", "));
        String codes = failures.stream().map(f -> f.code().name()).collect(Collectors.joining(", "));
        KmsException.Builder b = KmsException.builder(best.code(),
                        "could not unwrap the envelope's data key with any KEK; tried [" + detail + "] -> [" + codes + "]")
                .retryable(best.isRetryable())
                .cause(best);
        best.provider().ifPresent(b::provider);
        best.keyRef().ifPresent(b::keyRef);
        best.providerErrorCode().ifPresent(b::providerErrorCode);
        best.retryAfter().ifPresent(b::retryAfter);
        KmsException combined = b.build();
        for (KmsException f : failures) {
            if (f != best) {
                combined.addSuppressed(f);
            }
        }
        return combined;
    }
}
