package dev.kms4j.server.grpc;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's own pool for batch helpers, so batches from the network never queue behind the
 * manager's other work. {@code KmsBatch} carries the caller's context to its helpers itself.
 */
final class BatchPool {
    /** Helper threads at most; beyond them {@code KmsBatch} runs the work on the calling thread. */
    static final int MAX_THREADS = 8;

    private BatchPool() {
    }

    /**
     * A pool of daemon threads, made on demand and ended after a minute idle, that refuses work
     * when all {@value #MAX_THREADS} are busy (the batch's own thread then does it), so batches
     * never queue behind each other.
     */
    static Executor create() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "kms4j-server-batch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads, new ThreadPoolExecutor.AbortPolicy());
    }
}
