package dev.kms4j.server.grpc;

import dev.kms4j.CallerContext;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs batch helpers with the submitting thread's {@link CallerContext}. {@code KmsBatch} hands
 * items to helper threads, and the caller context is thread-local: without this, items run on a
 * helper would reach the key access policy and the audit trail as anonymous calls.
 *
 * <p>Thread-safe. Holds no secrets.
 */
final class CallerPropagatingExecutor implements Executor {
    /** Helper threads at most; beyond them {@code KmsBatch} runs the work on the calling thread. */
    static final int MAX_THREADS = 8;

    private final Executor delegate;

    CallerPropagatingExecutor(Executor delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * A pool of daemon threads, made on demand and ended after a minute idle, that refuses work
     * when all {@value #MAX_THREADS} are busy (the batch's own thread then does it), so batches
     * never queue behind each other.
     */
    static CallerPropagatingExecutor withOwnPool() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "kms4j-server-batch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads, new ThreadPoolExecutor.AbortPolicy());
        return new CallerPropagatingExecutor(pool);
    }

    @Override
    public void execute(Runnable task) {
        delegate.execute(CallerContext.wrap(task));
    }
}
