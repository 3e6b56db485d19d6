package dev.kms4j.audit;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.internal.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands records to another sink on a background thread, so that rendering and writing them is
 * not part of each operation's latency: the calling thread only queues the record. Use it in
 * front of {@link Slf4jAuditSink} or {@link HashChainedFileAuditSink} when operations are fast and
 * frequent (a local key, a cached DEK): a synchronous record costs about as much as a local
 * AES-GCM encryption of a small message.
 *
 * <pre>{@code
 * AsyncAuditSink audit = AsyncAuditSink.wrap(HashChainedFileAuditSink.open(Path.of("audit.jsonl")));
 * KmsManager kms = KmsManager.builder().enable("local").decorate(AuditDecorator.builder().sink(audit).build()).build();
 * ...
 * kms.close();
 * audit.close();   // writes every queued record, then stops the thread
 * }</pre>
 *
 * <p><b>Nothing is dropped.</b> The queue is bounded ({@link Builder#capacity}, default
 * {@value #DEFAULT_CAPACITY}); when it is full, callers wait for room (back-pressure) rather
 * than lose records. Records reach the target in the order they were queued. Records still
 * queued when the JVM shuts down are written by a shutdown hook (for at most
 * {@link Builder#shutdownGrace}); close the sink yourself to be sure.
 *
 * <p><b>What is given up.</b> A failure of the target is found after the operation returned, so
 * it cannot fail the operation: it is logged as a WARN (operation and key only) and counted in
 * {@link #failures()}. {@link AuditDecorator.Builder#failClosed(boolean) failClosed(true)} is
 * refused with this sink for that reason. A record reaches the target up to about a millisecond
 * after its operation ended.
 *
 * <p>Thread-safe. Records hold nothing secret.
 */
public final class AsyncAuditSink implements AuditSink, AutoCloseable {
    /** Records queued at most by default. */
    public static final int DEFAULT_CAPACITY = 8192;

    private static final Logger LOG = LoggerFactory.getLogger(AsyncAuditSink.class);
    /** How long the writer sleeps when the queue is empty: producers never have to wake it. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int BATCH = 256;

    private final AuditSink target;
    private final ArrayBlockingQueue<AuditRecord> queue;
    private final Duration shutdownGrace;
    private final Thread writer;
    private final Thread shutdownHook;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;
    /** Set while the writer holds records taken from the queue, so flush() waits for them too. */
    private volatile boolean writerBusy;

    private AsyncAuditSink(Builder b) {
        this.target = b.target;
        this.queue = new ArrayBlockingQueue<>(b.capacity);
        this.shutdownGrace = b.shutdownGrace;
        this.writer = DaemonThreads.named("kms4j-audit-writer").newThread(this::writeUntilClosed);
        this.shutdownHook = new Thread(this::drainAtShutdown, "kms4j-audit-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        writer.start();
    }

    /** Wraps {@code target} with the defaults. */
    public static AsyncAuditSink wrap(AuditSink target) {
        return builder(target).build();
    }

    /** Starts a builder for a sink in front of {@code target}. */
    public static Builder builder(AuditSink target) {
        return new Builder(target);
    }

    /**
     * Queues the record; waits while the queue is full.
     *
     * @throws KmsException {@link KmsErrorCode#UNAVAILABLE} after {@link #close()}, or if the
     *     calling thread is interrupted while waiting for room (the interrupt flag is kept)
     */
    @Override
    public void record(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        if (closed) {
            throw new KmsException(KmsErrorCode.UNAVAILABLE, "the asynchronous audit sink is closed");
        }
        try {
            queue.put(record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KmsException(KmsErrorCode.UNAVAILABLE,
                    "interrupted while waiting for room in the asynchronous audit sink", e);
        }
    }

    /** Records handed to the target so far (successfully or not). */
    public long written() {
        return written.get();
    }

    /** Records the target failed to take. */
    public long failures() {
        return failures.get();
    }

    /** Records queued and not yet handed to the target. */
    public int pending() {
        return queue.size();
    }

    /**
     * Waits until every record queued before this call has been handed to the target.
     *
     * @return {@code false} if that took longer than {@code timeout}
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() || writerBusy) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(IDLE_PARK_NANOS / 4);
        }
        return true;
    }

    /**
     * Stops taking records, hands every queued record to the target, and stops the thread. The
     * target is not closed: the application owns it. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run; nothing to remove.
        }
    }

    @Override
    public String toString() {
        return "AsyncAuditSink[" + target + ", capacity " + (queue.size() + queue.remainingCapacity()) + "]";
    }

    private void writeUntilClosed() {
        List<AuditRecord> batch = new ArrayList<>(BATCH);
        while (true) {
            writerBusy = true;
            int n = queue.drainTo(batch, BATCH);
            if (n > 0) {
                writeAll(batch);
                continue;
            }
            writerBusy = false;
            if (closed && queue.isEmpty()) {
                return;
            }
            LockSupport.parkNanos(IDLE_PARK_NANOS);
        }
    }

    private void writeAll(List<AuditRecord> batch) {
        for (AuditRecord record : batch) {
            try {
                target.record(record);
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                LOG.warn("audit sink {} failed for {} on {}: {}", target.getClass().getName(),
                        record.operation().methodName(), record.key(), e.getClass().getName());
            }
            written.incrementAndGet();
        }
        batch.clear();
    }

    private void drainAtShutdown() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(shutdownGrace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive() || !queue.isEmpty()) {
            LOG.warn("JVM shutdown: {} audit records were not written within {}", queue.size(), shutdownGrace);
        }
    }

    /** Builds an {@link AsyncAuditSink}. Not thread-safe. */
    public static final class Builder {
        private final AuditSink target;
        private int capacity = DEFAULT_CAPACITY;
        private Duration shutdownGrace = Duration.ofSeconds(5);

        private Builder(AuditSink target) {
            this.target = Objects.requireNonNull(target, "target");
            if (target instanceof AsyncAuditSink) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "the target is already asynchronous");
            }
        }

        /** Records queued at most before callers wait (1 to 1,048,576; default {@value #DEFAULT_CAPACITY}). */
        public Builder capacity(int capacity) {
            if (capacity < 1 || capacity > 1 << 20) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "audit queue capacity must be between 1 and 1048576, not " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /** How long the JVM shutdown hook waits for queued records (default 5 s). */
        public Builder shutdownGrace(Duration grace) {
            if (grace == null || grace.isNegative()) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "shutdown grace must be zero or positive");
            }
            this.shutdownGrace = grace;
            return this;
        }

        /** Starts the writer thread and returns the sink. */
        public AsyncAuditSink build() {
            return new AsyncAuditSink(this);
        }
    }
}
