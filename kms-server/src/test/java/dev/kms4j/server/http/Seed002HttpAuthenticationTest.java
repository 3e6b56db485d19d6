package dev.kms4j.server.http;

import static dev.kms4j.server.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.Caller;
import dev.kms4j.CallerContext;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.envelope.store.DekEntry;
import dev.kms4j.envelope.store.DekReplacement;
import dev.kms4j.envelope.store.DekStore;
import dev.kms4j.envelope.store.InMemoryDekStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The authenticator hook: rejections, fail-closed answers, and the caller seen by the DEK store. */
class Seed002HttpAuthenticationTest {
    private HttpFixture fx;

    @AfterEach
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    /** A DEK store that records the CallerContext of every read, to show what audit would see. */
    static final class CallerRecordingStore implements DekStore {
        final InMemoryDekStore delegate = new InMemoryDekStore();
        final List<Optional<Caller>> callers = new CopyOnWriteArrayList<>();

        @Override
        public Optional<DekEntry> get(String entityId) {
            callers.add(CallerContext.current());
            return delegate.get(entityId);
        }

        @Override
        public DekEntry putIfAbsent(DekEntry entry) {
            return delegate.putIfAbsent(entry);
        }

        @Override
        public boolean compareAndSet(DekEntry expected, DekEntry replacement) {
            return delegate.compareAndSet(expected, replacement);
        }

        @Override
        public List<String> ids() {
            return delegate.ids();
        }

        @Override
        public DekReplacement beginReplaceAll() {
            return delegate.beginReplaceAll();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Test
    void anAuthenticatorThrowingUnauthenticatedIs401AndRunsNothing() throws Exception {
        fx = new HttpFixture(b -> b.authenticator(r -> {
            throw new KmsException(KmsErrorCode.UNAUTHENTICATED, "no valid token");
        }));

        HttpResponse<String> response = fx.post("/create_dek_for_thread", "{\"thread_id\":\"t1\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("error").getAsString()).isEqualTo("UNAUTHENTICATED");
        assertThat(fx.store.ids()).isEmpty();
    }

    @Test
    void anAuthenticatorThrowingPermissionDeniedIs403() throws Exception {
        fx = new HttpFixture(b -> b.authenticator(r -> {
            throw new KmsException(KmsErrorCode.PERMISSION_DENIED, "not allowed");
        }));

        HttpResponse<String> response = fx.get("/get_wrapped?key_id=k_t1");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("error").getAsString()).isEqualTo("PERMISSION_DENIED");
    }

    @Test
    void anAuthenticatorReturningNullIs401() throws Exception {
        fx = new HttpFixture(b -> b.authenticator(r -> null));

        HttpResponse<String> response = fx.post("/create_dek_for_thread", "{\"thread_id\":\"t1\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(fx.store.ids()).isEmpty();
    }

    @Test
    void anAuthenticatorFailingUnexpectedlyIs500AndRunsNothing() throws Exception {
        fx = new HttpFixture(b -> b.authenticator(r -> {
            throw new IllegalStateException("token cache broken");
        }));

        HttpResponse<String> response = fx.post("/create_dek_for_thread", "{\"thread_id\":\"t1\"}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).get("message").getAsString()).doesNotContain("token cache");
        assertThat(fx.store.ids()).isEmpty();
    }

    @Test
    void theAuthenticatorSeesMethodPathHeadersAndTransport() throws Exception {
        AtomicReference<HttpRequestMetadata> seen = new AtomicReference<>();
        fx = new HttpFixture(b -> b.authenticator(r -> {
            seen.set(r);
            return Caller.of("svc-db");
        }));

        fx.client.send(HttpRequest.newBuilder(fx.uri("/get_wrapped?key_id=k_t1")).header("Authorization", "Bearer abc")
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(seen.get().method()).isEqualTo("GET");
        assertThat(seen.get().path()).isEqualTo("/get_wrapped");
        assertThat(seen.get().headers().get("authorization")).isEqualTo("Bearer abc");
        assertThat(seen.get().transport()).isEqualTo(HttpRequestMetadata.Transport.TCP);
        assertThat(seen.get().peerUid()).isEmpty();
        assertThat(seen.get().toString()).doesNotContain("abc");
    }

    @Test
    void theEndpointRunsInsideCallerContextWithTheAuthenticatedCaller() throws Exception {
        CallerRecordingStore store = new CallerRecordingStore();
        fx = new HttpFixture(store, b -> b.authenticator(r -> Caller.of("svc-db")));

        fx.createDek("t1");
        fx.get("/get_wrapped?key_id=k_t1");

        assertThat(store.callers).isNotEmpty().allSatisfy(c -> assertThat(c).map(Caller::principal).hasValue("svc-db"));
    }

    @Test
    void withoutAnAuthenticatorEndpointsRunWithoutACaller() throws Exception {
        CallerRecordingStore store = new CallerRecordingStore();
        fx = new HttpFixture(store, b -> { });

        fx.createDek("t1");

        assertThat(store.callers).isNotEmpty().allSatisfy(c -> assertThat(c).isEmpty());
    }
}
