package dev.kms4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsManager;
import dev.kms4j.remote.protocol.v1.Empty;
import dev.kms4j.server.auth.AuthSettings;
import dev.kms4j.server.auth.ClientRecord;
import dev.kms4j.server.auth.ClientRegistry;
import dev.kms4j.server.auth.SecretHash;
import dev.kms4j.server.tls.TlsSettings;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS 1.3 on TCP: mutual TLS on and off, a foreign CA, CN binding, and explicit plain TCP. */
class TlsTest {
    @TempDir
    Path dir;

    KmsManager kms;
    TestPki pki;
    KmsServer server;
    ManagedChannel channel;

    @BeforeEach
    void setUp() {
        kms = TestKms.create();
        pki = new TestPki(dir);
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            Clients.close(channel);
        }
        if (server != null) {
            server.close();
        }
        kms.close();
    }

    private KmsServer start(TlsSettings tls) {
        ClientRegistry clients = ClientRegistry.of(List.of(
                ClientRecord.builder("billing", SecretHash.parse(SecretHash.bcrypt("pw".toCharArray(), 4)))
                        .roles("signer").build()));
        KmsServer.Builder b = KmsServer.builder(kms).service(new SignTestService(kms))
                .authentication(AuthSettings.builder(TestKms.TOKEN_KEY).build(), clients)
                .gracePeriod(Duration.ZERO);
        if (tls == null) {
            b.plaintextTcp(new InetSocketAddress("127.0.0.1", 0));
        } else {
            b.tcp(new InetSocketAddress("127.0.0.1", 0), tls);
        }
        server = b.build().start();
        return server;
    }

    private TlsSettings.Builder mtls() {
        return TlsSettings.builder(pki.serverCert, pki.serverKey).clientCa(pki.caCert);
    }

    @Test
    void mutualTlsAcceptsAClientCertificateFromTheConfiguredCa() {
        start(mtls().build());
        Path[] cert = pki.client("billing");
        channel = Clients.tls(server.tcpPort().orElseThrow(), pki.caCert, cert[0], cert[1]);

        assertThat(Clients.authenticate(channel, "billing", "pw")).isNotEmpty();
    }

    @Test
    void mutualTlsRefusesAClientWithoutCertificate() {
        start(mtls().build());
        channel = Clients.tls(server.tcpPort().orElseThrow(), pki.caCert, null, null);

        assertThatThrownBy(() -> Clients.authenticate(channel, "billing", "pw"))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void mutualTlsRefusesACertificateFromAnotherCa() throws Exception {
        start(mtls().build());
        Path other = Files.createDirectory(dir.resolve("other"));
        Path[] foreign = new TestPki(other).client("billing");
        channel = Clients.tls(server.tcpPort().orElseThrow(), pki.caCert, foreign[0], foreign[1]);

        assertThatThrownBy(() -> Clients.authenticate(channel, "billing", "pw"))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void withoutAClientCaTlsWorksWithoutClientCertificates() {
        start(TlsSettings.builder(pki.serverCert, pki.serverKey).requireClientCert(false).build());
        channel = Clients.tls(server.tcpPort().orElseThrow(), pki.caCert, null, null);

        assertThat(Clients.authenticate(channel, "billing", "pw")).isNotEmpty();
    }

    @Test
    void cnBindingRefusesAuthenticationWithAnotherClientsCertificate() {
        start(mtls().bindCommonNameToClientId(true).build());
        Path[] cert = pki.client("someone-else");
        channel = Clients.tls(server.tcpPort().orElseThrow(), pki.caCert, cert[0], cert[1]);

        assertThatThrownBy(() -> Clients.authenticate(channel, "billing", "pw"))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void cnBindingRefusesATokenUsedOverAnotherClientsCertificate() {
        start(mtls().bindCommonNameToClientId(true).build());
        Path[] own = pki.client("billing");
        Path[] other = pki.client("someone-else");
        ManagedChannel ownChannel = Clients.tls(server.tcpPort().orElseThrow(), pki.caCert, own[0], own[1]);
        String token;
        try {
            token = Clients.authenticate(ownChannel, "billing", "pw");
        } finally {
            Clients.close(ownChannel);
        }
        channel = Clients.tls(server.tcpPort().orElseThrow(), pki.caCert, other[0], other[1]);

        assertThatThrownBy(() -> Clients.keys(channel, token).checkHealth(Empty.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void plainTcpServesWhenChosenExplicitly() {
        start(null);
        channel = Clients.plaintext(server.tcpPort().orElseThrow());

        assertThat(Clients.authenticate(channel, "billing", "pw")).isNotEmpty();
    }

    @Test
    void aTcpListenerWithoutTlsSettingsIsRefusedAtBuild() {
        assertThatThrownBy(() -> KmsServer.builder(kms).tcp(new InetSocketAddress(0), null)
                .authenticationDisabled().build())
                .hasMessageContaining("TLS settings are required");
    }
}
