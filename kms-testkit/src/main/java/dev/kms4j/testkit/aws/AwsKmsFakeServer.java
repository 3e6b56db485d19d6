package dev.kms4j.testkit.aws;


import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kms4j.testkit.internal.FakeWireMock;
import java.net.URI;
import java.util.Objects;

/**
 * Serves an {@link AwsKmsFake} over plain HTTP on {@code 127.0.0.1} (never on other
 * interfaces), using WireMock with one catch-all stub whose answers the fake computes.
 *
 * <pre>{@code
 * AwsKmsFakeServer server = new AwsKmsFakeServer(AwsKmsFake.builder().build()).start(0);
 * URI endpoint = server.endpoint();   // http://127.0.0.1:<port>
 * ...
 * server.stop();
 * }</pre>
 *
 * <p>Thread-safe: start and stop are synchronized. Holds no secrets itself.
 */
public final class AwsKmsFakeServer implements AutoCloseable {
    static final String HOST = FakeWireMock.HOST;

    private final AwsKmsFake fake;
    private WireMockServer server;

    public AwsKmsFakeServer(AwsKmsFake fake) {
        this.fake = Objects.requireNonNull(fake, "fake");
    }

    /**
     * Starts listening on {@code port} ({@code 0} picks a free port).
     *
     * @throws IllegalStateException if already started
     */
    public synchronized AwsKmsFakeServer start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = FakeWireMock.startHttp(port, "kms4j-aws-kms-fake", fake::handle);
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

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://" + HOST + ":" + port());
    }

    /** The fake being served. */
    public AwsKmsFake fake() {
        return fake;
    }
}
