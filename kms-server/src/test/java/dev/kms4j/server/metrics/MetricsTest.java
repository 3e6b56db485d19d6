package dev.kms4j.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.remote.protocol.v1.KeyManagementGrpc;
import dev.kms4j.remote.protocol.v1.KeyRequest;
import dev.kms4j.server.grpc.KeyManagementService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void everyAnsweredCallIsTimedByMethodAndStatus() throws Exception {
        String name = InProcessServerBuilder.generateName();
        try (KmsManager kms = KmsManager.builder().enable("local", ProviderConfig.of(Map.of("path", ":memory:"))).build()) {
            Server server = InProcessServerBuilder.forName(name).directExecutor()
                    .addService(ServerInterceptors.intercept(new KeyManagementService(kms), new GrpcCallMetrics(registry)))
                    .build().start();
            ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
            try {
                KeyManagementGrpc.KeyManagementBlockingStub stub = KeyManagementGrpc.newBlockingStub(channel);
                assertThatThrownBy(() -> stub.getKeyMetadata(KeyRequest.newBuilder().setKeyUri("local://missing").build()))
                        .isInstanceOf(StatusRuntimeException.class);

                assertThat(registry.get(GrpcCallMetrics.CALL_TIMER)
                        .tag("method", "kms4j.remote.v1.KeyManagement/GetKeyMetadata")
                        .tag("status", "NOT_FOUND").timer().count()).isEqualTo(1);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theEndpointServesTheScrapeAtMetricsOnly() throws Exception {
        registry.counter("kms4j.test.counter").increment();
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, new InetSocketAddress("127.0.0.1", 0))) {
            String base = "http://127.0.0.1:" + endpoint.address().getPort();
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base + "/other")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("kms4j_test_counter_total 1.0");
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }
}
