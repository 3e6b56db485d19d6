package dev.kms4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KmsManager;
import dev.kms4j.remote.protocol.v1.Empty;
import dev.kms4j.remote.protocol.v1.HealthResponse;
import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() lets an in-flight call finish within the grace period. */
class GracefulShutdownTest {
    @Test
    void anInFlightCallCompletesDuringShutdown() throws Exception {
        try (KmsManager kms = TestKms.create()) {
            SignTestService service = new SignTestService(kms);
            service.release = new CountDownLatch(1);
            KmsServer server = KmsServer.builder(kms).service(service)
                    .plaintextTcp(new InetSocketAddress("127.0.0.1", 0))
                    .authenticationDisabled().gracePeriod(Duration.ofSeconds(20)).build().start();
            ManagedChannel channel = Clients.plaintext(server.tcpPort().orElseThrow());
            try {
                CompletableFuture<HealthResponse> inFlight = CompletableFuture.supplyAsync(
                        () -> Clients.keys(channel, null).checkHealth(Empty.getDefaultInstance()));
                assertThat(service.entered.await(10, TimeUnit.SECONDS)).isTrue();
                CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
                // The call is still blocked in the service while the server is shutting down.
                while (!server.isStopping()) {
                    Thread.onSpinWait();
                }
                service.release.countDown();

                assertThat(inFlight.get(20, TimeUnit.SECONDS).getStatus()).isEqualTo("anonymous");
                closing.get(20, TimeUnit.SECONDS);
            } finally {
                Clients.close(channel);
                server.close();
            }
        }
    }

    @Test
    void aCallStillRunningAfterTheGracePeriodIsCancelled() throws Exception {
        try (KmsManager kms = TestKms.create()) {
            SignTestService service = new SignTestService(kms);
            service.release = new CountDownLatch(1);
            KmsServer server = KmsServer.builder(kms).service(service)
                    .plaintextTcp(new InetSocketAddress("127.0.0.1", 0))
                    .authenticationDisabled().gracePeriod(Duration.ofMillis(100)).build().start();
            ManagedChannel channel = Clients.plaintext(server.tcpPort().orElseThrow());
            try {
                CompletableFuture<HealthResponse> inFlight = CompletableFuture.supplyAsync(
                        () -> Clients.keys(channel, null).checkHealth(Empty.getDefaultInstance()));
                assertThat(service.entered.await(10, TimeUnit.SECONDS)).isTrue();
                server.close();

                assertThat(inFlight).failsWithin(Duration.ofSeconds(20));
            } finally {
                service.release.countDown();
                Clients.close(channel);
            }
        }
    }
}
