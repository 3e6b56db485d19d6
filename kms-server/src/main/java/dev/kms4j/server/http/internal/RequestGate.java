package dev.kms4j.server.http.internal;

import java.time.Duration;

/**
 * Admission and draining for the HTTP server: at most {@code maxConcurrent} requests in flight
 * (a request over the limit is refused at once with 429, not queued, so that a burst cannot pile up
 * memory), and after {@link #startDraining()} no new request is admitted while the admitted ones
 * finish ({@link #awaitIdle}).
 *
 * <p>Thread-safe (one monitor; the counts are tiny critical sections).
 */
public final class RequestGate {
    /** Why a request was not admitted. */
    public enum Admission {
        /** Admitted; call {@link #release()} exactly once when answered. */
        ADMITTED,
        /** Too many requests in flight. */
        BUSY,
        /** The server is shutting down. */
        DRAINING
    }

    private final int maxConcurrent;
    private int inFlight;
    private boolean draining;

    /** A gate admitting at most {@code maxConcurrent} requests at once. */
    public RequestGate(int maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }

    /** Tries to admit one request. */
    public synchronized Admission tryAdmit() {
        if (draining) {
            return Admission.DRAINING;
        }
        if (inFlight >= maxConcurrent) {
            return Admission.BUSY;
        }
        inFlight++;
        return Admission.ADMITTED;
    }

    /** Ends one admitted request. */
    public synchronized void release() {
        inFlight--;
        if (inFlight == 0) {
            notifyAll();
        }
    }

    /** Whether the gate refuses new requests because the server is shutting down. */
    public synchronized boolean isDraining() {
        return draining;
    }

    /** From now on, admits nothing. */
    public synchronized void startDraining() {
        draining = true;
    }

    /**
     * Waits until no admitted request is in flight, at most {@code timeout}. Returns whether it
     * became idle.
     */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Requests in flight now. */
    public synchronized int inFlight() {
        return inFlight;
    }
}
