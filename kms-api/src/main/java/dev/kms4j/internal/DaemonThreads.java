package dev.kms4j.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for kms4j's own pools: named (so a thread dump says who they are) and daemon
 * (so a manager that is never closed cannot keep the JVM alive). Not part of the API. Thread-safe.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** A factory making daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
