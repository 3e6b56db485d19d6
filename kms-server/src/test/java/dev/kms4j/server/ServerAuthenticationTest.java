package dev.kms4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsManager;
import dev.kms4j.remote.protocol.v1.Empty;
import dev.kms4j.server.auth.AuthSettings;
import dev.kms4j.server.auth.ClientRecord;
import dev.kms4j.server.auth.ClientRegistry;
import dev.kms4j.server.auth.GrpcErrors;
import dev.kms4j.server.auth.SecretHash;
import dev.kms4j.server.tls.TlsSettings;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server over TCP with mutual TLS: authentication, tokens, roles, rate limits, health and reflection. */
class ServerAuthenticationTest {
    @TempDir
    static Path dir;

    static KmsManager kms;
    static KmsServer server;
    static TestPki pki;
    static ManagedChannel channel;

    @BeforeAll
    static void start() {
        kms = TestKms.create();
        pki = new TestPki(dir);
        ClientRegistry clients = ClientRegistry.of(List.of(
                ClientRecord.builder("billing", SecretHash.parse(SecretHash.bcrypt("billing-secret".toCharArray(), 4)))
                        .roles("signer").build(),
                ClientRecord.builder("limited", SecretHash.parse(SecretHash.argon2id("limited-secret".getBytes(), 1024, 1, 1)))
                        .roles("signer").rateLimit(new ClientRecord.RateLimit(2, Duration.ofHours(1))).build(),
                ClientRecord.builder("revoked", SecretHash.parse(SecretHash.bcrypt("revoked-secret".toCharArray(), 4)))
                        .roles("signer").build()));
        server = KmsServer.builder(kms)
                .service(new SignTestService(kms))
                .tcp(new InetSocketAddress("127.0.0.1", 0),
                        TlsSettings.builder(pki.serverCert, pki.serverKey).clientCa(pki.caCert).build())
                .authentication(AuthSettings.builder(TestKms.TOKEN_KEY).build(), clients)
                .gracePeriod(Duration.ofSeconds(2))
                .build().start();
        Path[] client = pki.client("billing");
        channel = Clients.tls(server.tcpPort().orElseThrow(), pki.caCert, client[0], client[1]);
    }

    @AfterAll
    static void stop() {
        Clients.close(channel);
        server.close();
        kms.close();
    }

    @Test
    void aClientWithTheRightSecretGetsATokenThatAuthorisesCalls() {
        String token = Clients.authenticate(channel, "billing", "billing-secret");

        assertThat(Clients.keys(channel, token).sign(Clients.sign("local://app-signing")).getSignature().size())
                .isGreaterThan(0);
    }

    @Test
    void theServiceSeesTheAuthenticatedClientAsCaller() {
        String token = Clients.authenticate(channel, "billing", "billing-secret");

        assertThat(Clients.keys(channel, token).checkHealth(Empty.getDefaultInstance()).getStatus()).isEqualTo("billing");
    }

    @Test
    void aWrongSecretIsUnauthenticated() {
        assertThatThrownBy(() -> Clients.authenticate(channel, "billing", "wrong"))
                .satisfies(e -> assertCode(e, Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED"));
    }

    @Test
    void anUnknownClientGetsTheSameAnswerAsAWrongSecret() {
        StatusRuntimeException unknown = catchStatus(() -> Clients.authenticate(channel, "nobody", "x"));
        StatusRuntimeException wrong = catchStatus(() -> Clients.authenticate(channel, "billing", "x"));

        assertThat(unknown.getStatus().getCode()).isEqualTo(wrong.getStatus().getCode());
        assertThat(unknown.getStatus().getDescription()).isEqualTo(wrong.getStatus().getDescription());
    }

    @Test
    void aCallWithoutATokenIsUnauthenticated() {
        assertThatThrownBy(() -> Clients.keys(channel, null).sign(Clients.sign("local://app-signing")))
                .satisfies(e -> assertCode(e, Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED"));
    }

    @Test
    void aCallWithAGarbageTokenIsUnauthenticated() {
        assertThatThrownBy(() -> Clients.keys(channel, "not.a.jwt").sign(Clients.sign("local://app-signing")))
                .satisfies(e -> assertCode(e, Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED"));
    }

    @Test
    void aKeyOutsideTheClientsRoleIsPermissionDenied() {
        String token = Clients.authenticate(channel, "billing", "billing-secret");

        assertThatThrownBy(() -> Clients.keys(channel, token).sign(Clients.sign("local://other-signing")))
                .satisfies(e -> assertCode(e, Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED"));
    }

    @Test
    void aRevokedClientsTokenIsRefused() {
        String token = Clients.authenticate(channel, "revoked", "revoked-secret");
        server.clients().orElseThrow().revokeTokensIssuedBefore("revoked", java.time.Instant.now().plusSeconds(1));

        assertThatThrownBy(() -> Clients.keys(channel, token).sign(Clients.sign("local://app-signing")))
                .satisfies(e -> assertCode(e, Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED"));
    }

    @Test
    void exhaustingTheRateLimitIsResourceExhaustedWithThrottled() {
        String token = Clients.authenticate(channel, "limited", "limited-secret");
        var keys = Clients.keys(channel, token);
        keys.checkHealth(Empty.getDefaultInstance());
        keys.checkHealth(Empty.getDefaultInstance());

        assertThatThrownBy(() -> keys.checkHealth(Empty.getDefaultInstance()))
                .satisfies(e -> assertCode(e, Status.Code.RESOURCE_EXHAUSTED, "THROTTLED"));
    }

    @Test
    void healthAnswersWithoutAToken() {
        HealthCheckResponse r = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("").build());

        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void reflectionNeedsAToken() {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        failure.complete(null);
                    }

                    @Override
                    public void onError(Throwable t) {
                        failure.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        failure.complete(null);
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        requests.onCompleted();

        assertThat(failure.orTimeout(10, TimeUnit.SECONDS).join())
                .satisfies(e -> assertCode(e, Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED"));
    }

    static void assertCode(Throwable e, Status.Code code, String kmsCode) {
        assertThat(e).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException s = (StatusRuntimeException) e;
        assertThat(s.getStatus().getCode()).isEqualTo(code);
        assertThat(s.getTrailers().get(GrpcErrors.ERROR_CODE)).isEqualTo(kmsCode);
    }

    static StatusRuntimeException catchStatus(Runnable r) {
        try {
            r.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
