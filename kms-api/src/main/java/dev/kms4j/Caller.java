package dev.kms4j;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is making kms4j calls: a principal (a service or user name the application has already
 * authenticated), the roles it holds, and optionally a request id to correlate audit records with
 * the application's own logs. Set it for a scope with {@link CallerContext}.
 *
 * <p>kms4j does not authenticate anyone: it trusts what the application states here, and a key
 * access policy and the audit trail are only as good as that statement.
 *
 * <p>Immutable and thread-safe. Not secret (it appears in audit records and error messages); never
 * put a token or password in any field.
 */
public final class Caller {
    private static final int MAX_LENGTH = 256;

    private final String principal;
    private final Set<String> roles;
    private final String requestId;

    private Caller(Builder b) {
        this.principal = check(b.principal, "principal");
        Set<String> r = new LinkedHashSet<>();
        for (String role : b.roles) {
            r.add(check(role, "role"));
        }
        this.roles = Collections.unmodifiableSet(r);
        this.requestId = b.requestId == null ? null : check(b.requestId, "request id");
    }

    /** A caller with this principal, no roles and no request id. */
    public static Caller of(String principal) {
        return builder(principal).build();
    }

    /** Starts a builder for {@code principal}. */
    public static Builder builder(String principal) {
        return new Builder(principal);
    }

    private static String check(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "caller " + what + " must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "caller " + what + " is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                // Keeps log lines and audit files one record per line.
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "caller " + what + " contains a control character at position " + i);
            }
        }
        return value;
    }

    /** The principal, for example {@code "svc-billing"}. */
    public String principal() {
        return principal;
    }

    /** The roles the application grants this caller (possibly none). */
    public Set<String> roles() {
        return roles;
    }

    /** The request id the application gave, if any. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Caller)) {
            return false;
        }
        Caller other = (Caller) o;
        return principal.equals(other.principal) && roles.equals(other.roles)
                && Objects.equals(requestId, other.requestId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(principal, roles, requestId);
    }

    @Override
    public String toString() {
        return "Caller[" + principal + (roles.isEmpty() ? "" : ", roles=" + roles)
                + (requestId == null ? "" : ", request=" + requestId) + "]";
    }

    /** Builds a {@link Caller}; invalid values fail at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final String principal;
        private final Set<String> roles = new LinkedHashSet<>();
        private String requestId;

        private Builder(String principal) {
            this.principal = principal;
        }

        /** Adds roles. */
        public Builder roles(String... roles) {
            Collections.addAll(this.roles, roles);
            return this;
        }

        /** Adds roles. */
        public Builder roles(Set<String> roles) {
            this.roles.addAll(roles);
            return this;
        }

        /** The request id to put in audit records ({@code null}: kms4j generates one per call). */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /**
         * Builds the caller.
         *
         * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if a value is empty, longer
         *     than 256 characters or contains a control character
         */
        public Caller build() {
            return new Caller(this);
        }
    }
}
