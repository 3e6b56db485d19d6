package dev.kms4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Builder checks and start/close life cycle. */
class Seed002HttpServerBuilderTest {
    private final HttpFixture fx = new HttpFixture(b -> { });

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static void assertInvalid(Runnable build) {
        assertThatThrownBy(build::run).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void aServerWithoutAListenerIsRefused() {
        assertInvalid(() -> Seed002HttpServer.builder(fx.encryptor).build());
    }

    @Test
    void aServerWithoutAnEncryptorIsRefused() {
        assertInvalid(() -> Seed002HttpServer.builder(null).tcp(0).build());
    }

    @Test
    void aClientSideSslContextIsRefused() throws Exception {
        var client = SslContextBuilder.forClient().build();

        assertInvalid(() -> Seed002HttpServer.builder(fx.encryptor).tcp(0).sslContext(client).build());
    }

    @Test
    void nonPositiveLimitsAreRefused() {
        assertInvalid(() -> Seed002HttpServer.builder(fx.encryptor).tcp(0).maxBodyBytes(0).build());
        assertInvalid(() -> Seed002HttpServer.builder(fx.encryptor).tcp(0).maxConcurrentRequests(0).build());
        assertInvalid(() -> Seed002HttpServer.builder(fx.encryptor).tcp(0).drainTimeout(Duration.ofSeconds(-1)).build());
    }

    @Test
    void anOutOfRangePortIsRefused() {
        assertInvalid(() -> Seed002HttpServer.builder(fx.encryptor).tcp(70000).build());
    }

    @Test
    void tcpListensOnLoopbackByDefault() {
        assertThat(fx.server.tcpAddress()).hasValueSatisfying(a -> assertThat(a.getAddress().isLoopbackAddress()).isTrue());
    }

    @Test
    void aPortInUseIsUnavailable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Seed002HttpServer server = Seed002HttpServer.builder(fx.encryptor).tcp(taken.getLocalPort()).build();

            assertThatThrownBy(server::start).isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE));
        }
    }

    @Test
    void startingTwiceIsRefused() {
        assertThatThrownBy(fx.server::start).isInstanceOf(KmsException.class);
    }

    @Test
    void closeIsIdempotent() {
        fx.server.close();
        fx.server.close();

        assertThat(fx.server.requestsInFlight()).isZero();
    }
}
