package dev.kms4j.server.http;

import static dev.kms4j.server.http.HttpFixture.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TCP with TLS 1.3 from a Netty SslContext, spoken to by the JDK HttpClient. */
class Seed002HttpTlsTest {
    private HttpFixture fx;
    private X509Certificate certificate;

    @BeforeEach
    void setUp() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=kms4j-test");
        certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), name, keys.getPublic())
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        SslContext ssl = SslContextBuilder.forServer(keys.getPrivate(), certificate).sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3").build();
        fx = new HttpFixture(b -> b.sslContext(ssl));
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private HttpClient trustingClient() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, tmf.getTrustManagers(), new SecureRandom());
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
    }

    private URI https(String path) {
        return URI.create("https://127.0.0.1:" + fx.server.tcpAddress().orElseThrow().getPort() + path);
    }

    @Test
    void theSeedFlowWorksOverTls() throws Exception {
        HttpClient client = trustingClient();
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(https("/create_dek_for_thread"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"thread_id\":\"t1\"}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> encrypted = client.send(HttpRequest.newBuilder(https("/encrypt"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"key_id\":\"k_t1\",\"plaintext\":\"" + b64("over tls") + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(encrypted.statusCode()).isEqualTo(200);
        assertThat(encrypted.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.3"));
    }

    @Test
    void plainHttpToATlsListenerGetsNoAnswer() {
        assertThatThrownBy(() -> fx.get("/get_wrapped?key_id=k_t1")).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateCannotConnect() {
        HttpClient untrusting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(https("/get_wrapped?key_id=k_t1")).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    }
}
