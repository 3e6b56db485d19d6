package dev.kms4j.server;

import dev.kms4j.CallerContext;
import dev.kms4j.HealthReport;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderHealth;
import dev.kms4j.server.auth.ServerPrincipal;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the standard gRPC health status in step with {@link KmsManager#health()}: SERVING unless a
 * provider is DOWN, checked at start and then every interval on one daemon thread. The status is
 * set for the whole server ({@code ""}) and for the kms4j services by name.
 *
 * <p>Thread-safe.
 */
final class HealthReporter implements AutoCloseable {
    static final String KEY_MANAGEMENT = "kms4j.remote.v1.KeyManagement";
    private static final Logger LOG = LoggerFactory.getLogger(HealthReporter.class);
    private final AtomicBoolean closed = new AtomicBoolean();

    private final KmsManager kms;
    private final HealthStatusManager health;
    private final ScheduledExecutorService scheduler;
    private volatile ServingStatus last;

    HealthReporter(KmsManager kms, HealthStatusManager health, Duration interval) {
        this.kms = kms;
        this.health = health;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kms4j-server-health");
            t.setDaemon(true);
            return t;
        });
        check();
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    }

    void check() {
        ServingStatus status;
        try (CallerContext.Scope s = CallerContext.open(ServerPrincipal.CALLER)) {
            HealthReport report = kms.health();
            status = report.status() == ProviderHealth.Status.DOWN ? ServingStatus.NOT_SERVING : ServingStatus.SERVING;
        } catch (RuntimeException e) {
            status = ServingStatus.NOT_SERVING;
        }
        if (status != last) {
            LOG.info("health status: status={}", status);
            last = status;
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        health.setStatus(KEY_MANAGEMENT, status);
    }

    /** Stops the checks and reports NOT_SERVING for good. Idempotent (the server closes it when it starts stopping and again at the end). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        health.enterTerminalState();
    }
}
