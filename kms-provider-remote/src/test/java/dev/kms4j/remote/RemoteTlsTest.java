package dev.kms4j.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.server.grpc.KeyManagementService;
import io.grpc.Server;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.ClientAuth;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS 1.3 with client certificates over loopback TCP: the right CA and certificate work, others do not. */
class RemoteTlsTest {
    @TempDir
    static Path dir;

    private static TestCertificates certs;
    private static TestCertificates strangers;
    private static KmsManager serverKms;
    private static Server server;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create(dir, "");
        strangers = TestCertificates.create(dir, "other-");
        serverKms = KmsManager.builder().enable("local", ProviderConfig.of(Map.of("path", ":memory:"))).build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.forServer(certs.serverCert.toFile(), certs.serverKey.toFile())
                        .trustManager(certs.caCert.toFile()).clientAuth(ClientAuth.REQUIRE)
                        .protocols("TLSv1.3").build())
                .addService(new KeyManagementService(serverKms))
                .build().start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        serverKms.close();
    }

    private static KmsManager remote(Path ca, Path clientCert, Path clientKey) {
        Map<String, String> s = new HashMap<>();
        s.put("target", "localhost:" + server.getPort());
        s.put("ca-cert", ca.toString());
        if (clientCert != null) {
            s.put("client-cert", clientCert.toString());
            s.put("client-key", clientKey.toString());
        }
        s.put("timeout", "10s");
        return KmsManager.builder().enable("kms4j", ProviderConfig.of(s)).build();
    }

    private static void roundTrip(KmsManager kms) {
        KeyRef key = kms.createKey(KeyRef.of("kms4j", "local/tls-" + UUID.randomUUID()), KeySpec.AES_256);
        byte[] pt = "over mutual TLS".getBytes(StandardCharsets.UTF_8);
        assertThat(kms.decrypt(key, kms.encrypt(key, pt, EncryptionContext.empty()), EncryptionContext.empty()))
                .isEqualTo(pt);
    }

    @Test
    void mutualTlsWithTheRightCaAndClientCertificateWorks() {
        try (KmsManager kms = remote(certs.caCert, certs.clientCert, certs.clientKey)) {
            roundTrip(kms);
        }
    }

    @Test
    void aServerSignedByAnotherCaIsRefused() {
        try (KmsManager kms = remote(strangers.caCert, certs.clientCert, certs.clientKey)) {
            assertThatThrownBy(() -> roundTrip(kms)).isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.UNAVAILABLE));
        }
    }

    @Test
    void aClientWithoutCertificateIsRefused() {
        try (KmsManager kms = remote(certs.caCert, null, null)) {
            assertThatThrownBy(() -> roundTrip(kms)).isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.UNAVAILABLE));
        }
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() {
        try (KmsManager kms = remote(certs.caCert, strangers.clientCert, strangers.clientKey)) {
            assertThatThrownBy(() -> roundTrip(kms)).isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.UNAVAILABLE));
        }
    }
}
