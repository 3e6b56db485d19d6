package dev.kms4j.internal;

import dev.kms4j.HealthReport;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderHealth;
import dev.kms4j.spi.KmsProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every provider's {@link KmsProvider#health()} at once and waits for them up to one shared
 * deadline, so one hanging provider costs the report at most the timeout and never hangs it.
 *
 * <p>A probe still running from an earlier report is joined rather than started again, so a
 * provider that hangs holds at most one health thread however often health is asked for: the
 * pool needs no more threads than there are providers. Not part of the API. Thread-safe.
 */
public final class HealthChecks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

    private final Map<String, KmsProvider> providers;
    private final ThreadPoolExecutor executor;
    private final Map<String, Probe> running = new ConcurrentHashMap<>();

    /** Probes over {@code providers} (scheme to decorated provider). */
    public HealthChecks(Map<String, KmsProvider> providers) {
        this.providers = Map.copyOf(providers);
        int threads = Math.max(1, providers.size());
        // Unbounded queue, but never more than one queued probe per provider: see running.
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("kms4j-health"));
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** Checks every provider, waiting at most {@code timeout} in all. */
    public HealthReport check(Duration timeout) {
        Instant checkedAt = Instant.now();
        Map<String, Probe> probes = new LinkedHashMap<>();
        for (Map.Entry<String, KmsProvider> e : providers.entrySet()) {
            probes.put(e.getKey(), running.computeIfAbsent(e.getKey(), scheme -> start(scheme, e.getValue())));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProviderHealth> results = new ArrayList<>();
        boolean interrupted = false;
        for (Map.Entry<String, Probe> e : probes.entrySet()) {
            Probe probe = e.getValue();
            ProviderHealth result;
            try {
                result = probe.future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException ex) {
                result = timedOut(e.getKey(), probe, timeout);
            } catch (InterruptedException ex) {
                interrupted = true;
                result = down(e.getKey(), probe, KmsErrorCode.UNAVAILABLE, "health check interrupted");
                deadline = System.nanoTime(); // answer the rest from what is already done
            } catch (ExecutionException ex) {
                // run() completes normally in every case; this is a bug guard.
                result = down(e.getKey(), probe, KmsErrorCode.INTERNAL, "health check failed unexpectedly");
            }
            results.add(result);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new HealthReport(checkedAt, results);
    }

    private Probe start(String scheme, KmsProvider provider) {
        Probe probe = new Probe(Instant.now(), System.nanoTime());
        try {
            executor.execute(() -> {
                try {
                    probe.future.complete(run(scheme, provider, probe));
                } finally {
                    running.remove(scheme, probe);
                }
            });
        } catch (RejectedExecutionException e) {
            // Only after close(); the manager refuses health() then, so this is a race with close.
            probe.future.complete(down(scheme, probe, KmsErrorCode.UNAVAILABLE, "health checks are shut down"));
            return probe;
        }
        return probe;
    }

    private static ProviderHealth run(String scheme, KmsProvider provider, Probe probe) {
        ProviderHealth reported;
        try {
            reported = provider.health();
            if (reported == null) {
                reported = ProviderHealth.builder(scheme, ProviderHealth.Status.DOWN).errorCode(KmsErrorCode.INTERNAL)
                        .reason("the provider's health check returned nothing").build();
            }
        } catch (KmsException e) {
            reported = ProviderHealth.fromProbeFailure(scheme, e);
        } catch (RuntimeException e) {
            // The message of an arbitrary exception is not covered by KmsException's no-secrets
            // contract, so only its type is reported.
            LOG.debug("health check of '{}' failed unexpectedly: {}", scheme, e.getClass().getName());
            reported = ProviderHealth.builder(scheme, ProviderHealth.Status.DOWN).errorCode(KmsErrorCode.INTERNAL)
                    .reason("health check failed unexpectedly (" + e.getClass().getSimpleName() + ")").build();
        }
        // The manager's clock is authoritative, whatever the provider measured; the scheme too.
        ProviderHealth.Builder b = ProviderHealth.builder(scheme, reported.status())
                .latency(Duration.ofNanos(System.nanoTime() - probe.startNanos)).checkedAt(probe.startedAt);
        reported.reason().ifPresent(b::reason);
        reported.errorCode().ifPresent(b::errorCode);
        return b.build();
    }

    private static ProviderHealth timedOut(String scheme, Probe probe, Duration timeout) {
        long ranFor = System.nanoTime() - probe.startNanos;
        return ProviderHealth.builder(scheme, ProviderHealth.Status.DOWN).errorCode(KmsErrorCode.TIMEOUT)
                .reason("no answer within " + timeout.toMillis() + " ms")
                .latency(Duration.ofNanos(Math.max(ranFor, 0))).checkedAt(probe.startedAt).build();
    }

    private static ProviderHealth down(String scheme, Probe probe, KmsErrorCode code, String reason) {
        return ProviderHealth.builder(scheme, ProviderHealth.Status.DOWN).errorCode(code).reason(reason)
                .latency(Duration.ofNanos(Math.max(System.nanoTime() - probe.startNanos, 0)))
                .checkedAt(probe.startedAt).build();
    }

    /** Stops the health threads, interrupting probes that still hang. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** One running check of one provider. */
    private static final class Probe {
        final Instant startedAt;
        final long startNanos;
        final CompletableFuture<ProviderHealth> future = new CompletableFuture<>();

        Probe(Instant startedAt, long startNanos) {
            this.startedAt = startedAt;
            this.startNanos = startNanos;
        }
    }
}
