package dev.kms4j;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * States who makes the kms4j calls in a scope of code, for the key access policy and the audit
 * trail:
 *
 * <pre>{@code
 * try (CallerContext.Scope s = CallerContext.principal("svc-billing")) {
 *     kms.sign(key, SignatureAlgorithm.ECDSA_SHA256, invoice);
 * }
 * }</pre>
 *
 * <p>The caller is held per thread. Work handed to another thread (an executor, a
 * {@code CompletableFuture} stage, a parallel stream) does <em>not</em> see it unless it is
 * propagated: submit {@link #wrap(Runnable)} or {@link #wrap(Callable)} instead of the bare task.
 * Without a caller, a key access policy treats the call as anonymous (denied unless a rule allows
 * {@code anonymous}) and audit records have no principal.
 *
 * <p>Scopes nest: closing one restores the caller that was current when it was opened. Close each
 * scope on the thread that opened it, in reverse order (try-with-resources does both).
 *
 * <p>Thread-safe. Nothing here is secret.
 */
public final class CallerContext {
    private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

    private CallerContext() {
    }

    /** Makes {@code principal} (no roles, no request id) the caller until the scope is closed. */
    public static Scope principal(String principal) {
        return open(Caller.of(principal));
    }

    /** Makes {@code principal} the caller, with a request id for the audit records. */
    public static Scope principal(String principal, String requestId) {
        return open(Caller.builder(principal).requestId(requestId).build());
    }

    /** Makes {@code caller} the current caller until the scope is closed. */
    public static Scope open(Caller caller) {
        if (caller == null) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "caller must not be null");
        }
        return swap(caller);
    }

    /** The caller of this thread's current scope, if any. */
    public static Optional<Caller> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Wraps {@code task} so that it runs with the caller that is current <em>now</em> (or with none),
     * whichever thread runs it; the running thread's own caller is restored afterwards.
     */
    public static Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        Caller captured = CURRENT.get();
        return () -> {
            try (Scope s = swap(captured)) {
                task.run();
            }
        };
    }

    /** Like {@link #wrap(Runnable)}, for a {@link Callable}. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        Caller captured = CURRENT.get();
        return () -> {
            try (Scope s = swap(captured)) {
                return task.call();
            }
        };
    }

    private static Scope swap(Caller next) {
        Caller previous = CURRENT.get();
        set(next);
        return new Scope(previous);
    }

    private static void set(Caller caller) {
        if (caller == null) {
            // remove() rather than set(null): pooled threads keep no entry behind.
            CURRENT.remove();
        } else {
            CURRENT.set(caller);
        }
    }

    /**
     * An open caller scope; {@link #close()} restores the previous caller. Use it in
     * try-with-resources on one thread; not thread-safe. Idempotent to close. Holds no secrets.
     */
    public static final class Scope implements AutoCloseable {
        private final Caller previous;
        private boolean closed;

        private Scope(Caller previous) {
            this.previous = previous;
        }

        /** Restores the caller that was current when this scope was opened. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                set(previous);
            }
        }
    }
}
