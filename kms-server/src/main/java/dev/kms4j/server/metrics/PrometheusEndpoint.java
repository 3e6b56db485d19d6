package dev.kms4j.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Prometheus registry's scrape at {@code GET /metrics} on its own small HTTP listener
 * (the JDK's {@code HttpServer}: one endpoint needs no web framework). Metrics hold names and
 * codes only, so the endpoint has no authentication; bind it to loopback or a management network
 * (default {@code 127.0.0.1}). Other paths answer 404, other methods 405. Thread-safe.
 */
public final class PrometheusEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusEndpoint.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private PrometheusEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code registry} on {@code address} (port 0: a free port).
     *
     * @throws KmsException {@link KmsErrorCode#UNAVAILABLE} if the address cannot be bound
     */
    public static PrometheusEndpoint start(PrometheusMeterRegistry registry, InetSocketAddress address) {
        Objects.requireNonNull(registry, "registry");
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.UNAVAILABLE, "cannot listen for metrics on " + address
                    + ": " + e.getClass().getSimpleName(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kms4j-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, registry));
        server.start();
        LOG.info("metrics: address={}", server.getAddress());
        return new PrometheusEndpoint(server, executor);
    }

    private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                send(exchange, 404, "not found\n");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "method not allowed\n");
            } else {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                send(exchange, 200, registry.scrape());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The bound address (the actual port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops the listener. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
