package dev.kms4j.server.http;

import static dev.kms4j.server.http.HttpFixture.json;
import static dev.kms4j.server.http.HttpFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.Caller;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Body size, admission (429), concurrent clients and graceful close. */
class Seed002HttpLimitsTest {
    private HttpFixture fx;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        if (fx != null) {
            fx.close();
        }
    }

    /** An authenticator that holds every request on the path /encrypt until {@link #release}. */
    private Caller holdEncrypt(HttpRequestMetadata request) {
        if (request.path().equals("/encrypt")) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Caller.of("test");
    }

    private static void awaitInFlight(Seed002HttpServer server, int count) throws InterruptedException {
        for (int i = 0; i < 3000 && server.requestsInFlight() != count; i++) {
            Thread.sleep(10);
        }
        assertThat(server.requestsInFlight()).isEqualTo(count);
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        fx = new HttpFixture(b -> b.maxBodyBytes(1024));

        HttpResponse<String> response = fx.post("/create_dek_for_thread",
                "{\"thread_id\":\"t1\",\"pad\":\"" + "x".repeat(2000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").getAsString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(fx.store.ids()).isEmpty();
    }

    @Test
    void theServerStillServesAfterA413() throws Exception {
        fx = new HttpFixture(b -> b.maxBodyBytes(1024));
        fx.post("/create_dek_for_thread", "{\"pad\":\"" + "x".repeat(2000) + "\"}");

        assertThat(fx.post("/create_dek_for_thread", "{\"thread_id\":\"t1\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void theDefaultLimitAdmitsFourMebibytesOfPlaintext() throws Exception {
        fx = new HttpFixture(b -> { });
        String keyId = fx.createDek("t1");
        String big = "a".repeat(Seed002HttpServer.DEFAULT_MAX_PLAINTEXT_BYTES);

        String ciphertext = fx.encrypt(keyId, big);

        assertThat(text(json(fx.post("/decrypt", "{\"key_id\":\"" + keyId + "\",\"ciphertext\":\"" + ciphertext + "\"}"))
                .get("plaintext").getAsString())).hasSize(big.length());
    }

    @Test
    void aRequestOverTheConcurrencyLimitIs429() throws Exception {
        fx = new HttpFixture(b -> b.maxConcurrentRequests(1).authenticator(this::holdEncrypt));
        String keyId = fx.createDek("t1");
        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> {
            try {
                return fx.post("/encrypt", "{\"key_id\":\"" + keyId + "\",\"plaintext\":\"AA==\"}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitInFlight(fx.server, 1);

        HttpResponse<String> refused = fx.get("/get_wrapped?key_id=" + keyId);
        release.countDown();

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused).get("error").getAsString()).isEqualTo("THROTTLED");
        assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void sixteenConcurrentClientsAllSucceed() throws Exception {
        fx = new HttpFixture(b -> { });
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    String keyId = fx.createDek("thread-" + (client % 4)); // four threads shared by clients
                    int ok = 0;
                    for (int i = 0; i < 25; i++) {
                        String message = "client " + client + " message " + i;
                        String ct = fx.encrypt(keyId, message);
                        HttpResponse<String> r = fx.post("/decrypt", "{\"key_id\":\"" + keyId + "\",\"ciphertext\":\"" + ct + "\"}");
                        if (r.statusCode() == 200 && text(json(r).get("plaintext").getAsString()).equals(message)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(25);
            }
            assertThat(fx.store.ids()).containsExactly("thread-0", "thread-1", "thread-2", "thread-3");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeLetsARequestInFlightFinish() throws Exception {
        fx = new HttpFixture(b -> b.authenticator(this::holdEncrypt));
        String keyId = fx.createDek("t1");
        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> {
            try {
                return fx.post("/encrypt", "{\"key_id\":\"" + keyId + "\",\"plaintext\":\"AA==\"}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitInFlight(fx.server, 1);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(fx.server::close);
        release.countDown();
        closing.get(30, TimeUnit.SECONDS);

        HttpResponse<String> response = held.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).has("ciphertext")).isTrue();
    }

    @Test
    void afterCloseNewConnectionsAreRefused() throws Exception {
        fx = new HttpFixture(b -> { });
        fx.server.close();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.get("/get_wrapped?key_id=k_t1"))
                .isInstanceOf(java.io.IOException.class);
    }
}
