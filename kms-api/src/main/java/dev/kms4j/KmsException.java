package dev.kms4j;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The single unchecked exception kms4j throws for every key-management failure.
 *
 * <p>Its message names the operation and the key, never key material, plaintext, tokens or
 * passwords; providers must keep it that way when they translate their SDK errors. Causes are
 * kept for diagnosis and are the provider SDK's own exceptions.
 *
 * <p>Instances are immutable apart from the standard {@link Throwable} machinery and are safe to
 * share between threads.
 */
public class KmsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final KmsErrorCode code;
    private final boolean retryable;
    private final String provider;
    private final KeyRef keyRef;
    private final String providerErrorCode;
    private final Duration retryAfter;

    /** Creates an exception with the code's default retryability and no further detail. */
    public KmsException(KmsErrorCode code, String message) {
        this(builder(code, message));
    }

    /** Creates an exception with the code's default retryability, wrapping {@code cause}. */
    public KmsException(KmsErrorCode code, String message, Throwable cause) {
        this(builder(code, message).cause(cause));
    }

    /** Creates an exception from a builder; see {@link #builder(KmsErrorCode, String)}. */
    protected KmsException(Builder b) {
        super(b.message, b.cause);
        this.code = b.code;
        this.retryable = b.retryable != null ? b.retryable : b.code.isRetryableByDefault();
        this.provider = b.provider;
        this.keyRef = b.keyRef;
        this.providerErrorCode = b.providerErrorCode;
        this.retryAfter = b.retryAfter;
    }

    /** Starts a builder for an exception with the given code and message. */
    public static Builder builder(KmsErrorCode code, String message) {
        return new Builder(code, message);
    }

    /** What kind of failure this is. */
    public KmsErrorCode code() {
        return code;
    }

    /** Whether repeating the same call later may succeed. */
    public boolean isRetryable() {
        return retryable;
    }

    /** The scheme of the provider that failed, if known (for example {@code "local"}). */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /** The key the operation was about, if any. */
    public Optional<KeyRef> keyRef() {
        return Optional.ofNullable(keyRef);
    }

    /** The provider's own error code (for example {@code "NotFoundException"}), if it gave one. */
    public Optional<String> providerErrorCode() {
        return Optional.ofNullable(providerErrorCode);
    }

    /** How long the provider asked the caller to wait before retrying, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Returns this exception, or a copy of it that also names {@code provider} and {@code keyRef}
     * where this one does not. The copy keeps the cause, stack trace and suppressed exceptions.
     */
    public KmsException withContext(String provider, KeyRef keyRef) {
        if ((this.provider != null || provider == null) && (this.keyRef != null || keyRef == null)) {
            return this;
        }
        Builder b = toBuilder();
        if (b.provider == null) {
            b.provider = provider;
        }
        if (b.keyRef == null) {
            b.keyRef = keyRef;
        }
        KmsException copy = new KmsException(b);
        copy.setStackTrace(getStackTrace());
        for (Throwable s : getSuppressed()) {
            copy.addSuppressed(s);
        }
        return copy;
    }

    /** A builder pre-filled with this exception's fields. */
    public Builder toBuilder() {
        Builder b = new Builder(code, getMessage());
        b.cause = getCause();
        b.retryable = retryable;
        b.provider = provider;
        b.keyRef = keyRef;
        b.providerErrorCode = providerErrorCode;
        b.retryAfter = retryAfter;
        return b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("KmsException[").append(code);
        if (provider != null) {
            sb.append(", provider=").append(provider);
        }
        if (providerErrorCode != null) {
            sb.append(", providerCode=").append(providerErrorCode);
        }
        sb.append(", retryable=").append(retryable).append("]: ").append(getMessage());
        return sb.toString();
    }

    /** Builds a {@link KmsException}. Not thread-safe. */
    public static final class Builder {
        private final KmsErrorCode code;
        private final String message;
        private Throwable cause;
        private Boolean retryable;
        private String provider;
        private KeyRef keyRef;
        private String providerErrorCode;
        private Duration retryAfter;

        private Builder(KmsErrorCode code, String message) {
            this.code = Objects.requireNonNull(code, "code");
            this.message = Objects.requireNonNull(message, "message");
        }

        /** The underlying exception. Its message must not contain secrets either. */
        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /** Overrides the code's default retryability. */
        public Builder retryable(boolean retryable) {
            this.retryable = retryable;
            return this;
        }

        /** The provider scheme. */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /** The key the failed operation was about. */
        public Builder keyRef(KeyRef keyRef) {
            this.keyRef = keyRef;
            return this;
        }

        /** The provider's own error code. */
        public Builder providerErrorCode(String providerErrorCode) {
            this.providerErrorCode = providerErrorCode;
            return this;
        }

        /** The wait the provider asked for before a retry. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        /** Builds the exception. */
        public KmsException build() {
            return new KmsException(this);
        }
    }
}
