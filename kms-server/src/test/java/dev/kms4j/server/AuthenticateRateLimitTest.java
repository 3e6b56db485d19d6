package dev.kms4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsManager;
import dev.kms4j.server.auth.AuthSettings;
import dev.kms4j.server.auth.ClientRecord;
import dev.kms4j.server.auth.ClientRegistry;
import dev.kms4j.server.auth.SecretHash;
import dev.kms4j.server.tls.TlsSettings;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authenticate attempts are limited server-wide, before any hash work, whatever their outcome would be. */
class AuthenticateRateLimitTest {
    @TempDir
    Path dir;

    private KmsManager kms;
    private KmsServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        kms = TestKms.create();
        TestPki pki = new TestPki(dir);
        ClientRegistry clients = ClientRegistry.of(List.of(
                ClientRecord.builder("billing", SecretHash.parse(SecretHash.bcrypt("billing-secret".toCharArray(), 4)))
                        .roles("signer").build()));
        server = KmsServer.builder(kms)
                .service(new SignTestService(kms))
                .tcp(new InetSocketAddress("127.0.0.1", 0),
                        TlsSettings.builder(pki.serverCert, pki.serverKey).clientCa(pki.caCert).build())
                .authentication(AuthSettings.builder(TestKms.TOKEN_KEY)
                        .authenticateLimit(new ClientRecord.RateLimit(2, Duration.ofHours(1))).build(), clients)
                .gracePeriod(Duration.ofSeconds(2))
                .build().start();
        Path[] client = pki.client("billing");
        channel = Clients.tls(server.tcpPort().orElseThrow(), pki.caCert, client[0], client[1]);
    }

    @AfterEach
    void stop() {
        Clients.close(channel);
        server.close();
        kms.close();
    }

    @Test
    void attemptsBeyondTheLimitAreThrottledEvenWithTheRightSecret() {
        assertThatThrownBy(() -> Clients.authenticate(channel, "billing", "wrong"))
                .satisfies(e -> ServerAuthenticationTest.assertCode(e, Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED"));
        assertThat(Clients.authenticate(channel, "billing", "billing-secret")).isNotEmpty();

        assertThatThrownBy(() -> Clients.authenticate(channel, "billing", "billing-secret"))
                .satisfies(e -> ServerAuthenticationTest.assertCode(e, Status.Code.RESOURCE_EXHAUSTED, "THROTTLED"));
    }

    @Test
    void theDefaultAllowsTwentyAttemptsASecond() {
        assertThat(AuthSettings.builder(TestKms.TOKEN_KEY).build().authenticateLimit())
                .isEqualTo(AuthSettings.DEFAULT_AUTHENTICATE_LIMIT);
        assertThat(AuthSettings.DEFAULT_AUTHENTICATE_LIMIT.permits()).isEqualTo(20);
        assertThat(AuthSettings.DEFAULT_AUTHENTICATE_LIMIT.period()).isEqualTo(Duration.ofSeconds(1));
    }
}
