package dev.kms4j.testkit.vault;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kms4j.testkit.internal.FakeWireMock;
import java.net.URI;
import java.util.Objects;

/**
 * Serves a {@link VaultTransitFake} over plain HTTP on {@code 127.0.0.1} only, with WireMock and
 * one catch-all stub whose answers the fake computes.
 *
 * <pre>{@code
 * VaultTransitFakeServer server = new VaultTransitFakeServer(VaultTransitFake.builder().build()).start(0);
 * URI address = server.endpoint();   // http://127.0.0.1:<port>, the VAULT_ADDR for clients
 * ...
 * server.stop();
 * }</pre>
 *
 * <p>Thread-safe: start and stop are synchronized. Holds no secrets itself.
 */
public final class VaultTransitFakeServer implements AutoCloseable {
    private final VaultTransitFake fake;
    private WireMockServer server;

    public VaultTransitFakeServer(VaultTransitFake fake) {
        this.fake = Objects.requireNonNull(fake, "fake");
    }

    /**
     * Starts listening on {@code port} ({@code 0} picks a free port).
     *
     * @throws IllegalStateException if already started
     */
    public synchronized VaultTransitFakeServer start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = FakeWireMock.startHttp(port, "kms4j-vault-transit-fake", fake::handle);
        return this;
    }

    /** Stops the server (idempotent). The fake keeps its state. */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null && server.isRunning();
    }

    /** The port listened on. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}: the Vault address ({@code VAULT_ADDR}) for clients. */
    public URI endpoint() {
        return URI.create("http://" + FakeWireMock.HOST + ":" + port());
    }

    /** The fake being served. */
    public VaultTransitFake fake() {
        return fake;
    }
}
