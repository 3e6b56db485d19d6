package dev.kms4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kms4j.CallerContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.server.auth.ServerPrincipal;
import dev.kms4j.server.config.ConfiguredServer;
import dev.kms4j.server.config.DevelopmentSetup;
import dev.kms4j.server.config.ServerConfigLoader;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed-002 HTTP endpoints wired by the configuration: {@code kms server init}'s set-up, started
 * as {@link ConfiguredServer}, spoken to over its Unix socket (raw HTTP/1.1, as the seed's Go client
 * does) and over TCP with mutual TLS (JDK HttpClient with the development client certificate).
 */
class ConfiguredSeed002HttpTest {
    @TempDir
    Path dir;

    Path dev;
    DevelopmentSetup.Result setup;

    @BeforeEach
    void setUp() {
        dev = dir.resolve("dev");
        setup = DevelopmentSetup.write(dev, 0);
    }

    private ConfiguredServer open(Map<String, String> env) {
        return ConfiguredServer.open(ServerConfigLoader.load(setup.config(), env));
    }

    private static JsonObject json(String body) {
        return JsonParser.parseString(body).getAsJsonObject();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> audit() throws IOException {
        return Files.readAllLines(dev.resolve("audit/audit.log"));
    }

    private static int currentUid() {
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }

    private static void assumeEpoll() {
        assumeTrue(Epoll.isAvailable(), "Netty native epoll is unavailable here: Unix socket test skipped");
    }

    // ---- Unix socket -------------------------------------------------------------------------

    @Test
    void theSeedFlowWorksOverTheUnixSocket() throws Exception {
        assumeEpoll();
        try (ConfiguredServer s = open(Map.of())) {
            s.start();
            assertThat(s.httpUnixSocket()).hasValue(setup.httpUnixSocket());
            try (RawHttp http = new RawHttp(setup.httpUnixSocket())) {
                RawHttp.Response created = http.post("/create_dek_for_thread", "{\"thread_id\":\"thread-1\"}");
                assertThat(created.status()).as(created.body()).isEqualTo(200);
                String keyId = json(created.body()).get("key_id").getAsString();
                RawHttp.Response encrypted = http.post("/encrypt",
                        "{\"key_id\":\"" + keyId + "\",\"plaintext\":\"" + b64("hello seed") + "\"}");
                assertThat(encrypted.status()).as(encrypted.body()).isEqualTo(200);
                RawHttp.Response decrypted = http.post("/decrypt", "{\"key_id\":\"" + keyId + "\",\"ciphertext\":\""
                        + json(encrypted.body()).get("ciphertext").getAsString() + "\"}");
                RawHttp.Response wrapped = http.get("/get_wrapped?key_id=" + keyId);

                assertThat(keyId).isEqualTo("k_thread-1");
                assertThat(decrypted.status()).as(decrypted.body()).isEqualTo(200);
                assertThat(json(decrypted.body()).get("plaintext").getAsString()).isEqualTo(b64("hello seed"));
                assertThat(wrapped.status()).isEqualTo(200);
                assertThat(json(wrapped.body()).get("wrapped").getAsString())
                        .isEqualTo(json(created.body()).get("wrapped").getAsString());
            }
        }
    }

    @Test
    void socketCallsAreAuditedWithTheLocalUsersUid() throws Exception {
        assumeEpoll();
        try (ConfiguredServer s = open(Map.of())) {
            s.start();
            try (RawHttp http = new RawHttp(setup.httpUnixSocket())) {
                assertThat(http.post("/create_dek_for_thread", "{\"thread_id\":\"t2\"}").status()).isEqualTo(200);
            }
        }

        assertThat(audit()).anySatisfy(line -> assertThat(line)
                .contains("\"principal\":\"uid:" + currentUid() + "\"").contains("\"operation\":\"createDek\"")
                .contains(DevelopmentSetup.DEK_KEK).contains("\"outcome\":\"OK\""));
    }

    @Test
    void aSocketCallerWithoutTheDekRoleIsDeniedAndAudited() throws Exception {
        assumeEpoll();
        Files.writeString(setup.config(), Files.readString(setup.config())
                .replace("roles: [" + DevelopmentSetup.HTTP_ROLE + "]", "roles: []"));
        try (ConfiguredServer s = open(Map.of())) {
            s.start();
            try (RawHttp http = new RawHttp(setup.httpUnixSocket())) {
                RawHttp.Response refused = http.post("/create_dek_for_thread", "{\"thread_id\":\"t3\"}");

                assertThat(refused.status()).isEqualTo(403);
                assertThat(json(refused.body()).get("error").getAsString()).isEqualTo("PERMISSION_DENIED");
            }
        }
        assertThat(audit()).anySatisfy(line -> assertThat(line).contains("uid:" + currentUid())
                .contains("PERMISSION_DENIED"));
    }

    @Test
    void closingTheServerRemovesTheHttpSocket() throws Exception {
        assumeEpoll();
        try (ConfiguredServer s = open(Map.of())) {
            s.start();
            assertThat(setup.httpUnixSocket()).exists();
        }

        assertThat(setup.httpUnixSocket()).doesNotExist();
    }

    // ---- TCP with mutual TLS ---------------------------------------------------------------

    private ConfiguredServer openWithTcp() {
        // The development config has the HTTP endpoints on the Unix socket only; TCP is added by override.
        return open(Map.of("KMS4J_SERVER_HTTP_TCP_PORT", "0", "KMS4J_SERVER_HTTP_UNIX_SOCKET", dev.resolve("run/h.sock").toString()));
    }

    private HttpClient client(boolean withCertificate) throws Exception {
        Path pki = dev.resolve("pki");
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(pki.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", x509.generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        KeyManagerFactory kmf = null;
        if (withCertificate) {
            Certificate cert;
            try (var in = Files.newInputStream(pki.resolve("dev-client.pem"))) {
                cert = x509.generateCertificate(in);
            }
            char[] password = "test".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", readKey(pki.resolve("dev-client-key.pem")), password, new Certificate[] {cert});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
        }
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private static PrivateKey readKey(Path pem) throws Exception {
        try (Reader r = Files.newBufferedReader(pem); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return o instanceof PEMKeyPair ? converter.getKeyPair((PEMKeyPair) o).getPrivate()
                    : converter.getPrivateKey((PrivateKeyInfo) o);
        }
    }

    private static HttpResponse<String> post(HttpClient client, URI base, String path, String json) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI base(ConfiguredServer s) {
        return URI.create("https://127.0.0.1:" + s.httpTcpAddress().orElseThrow().getPort() + "/");
    }

    @Test
    void theSeedFlowWorksOverMutualTlsAsTheCertificatesClient() throws Exception {
        try (ConfiguredServer s = openWithTcp()) {
            s.start();
            HttpClient client = client(true);
            URI base = base(s);
            HttpResponse<String> created = post(client, base, "create_dek_for_thread", "{\"thread_id\":\"tls-1\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            HttpResponse<String> encrypted = post(client, base, "encrypt",
                    "{\"key_id\":\"k_tls-1\",\"plaintext\":\"" + b64("over mtls") + "\"}");
            assertThat(encrypted.statusCode()).as(encrypted.body()).isEqualTo(200);
            HttpResponse<String> decrypted = post(client, base, "decrypt", "{\"key_id\":\"k_tls-1\",\"ciphertext\":\""
                    + json(encrypted.body()).get("ciphertext").getAsString() + "\"}");
            HttpResponse<String> wrapped = client.send(HttpRequest.newBuilder(base.resolve("get_wrapped?key_id=k_tls-1"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(decrypted.statusCode()).as(decrypted.body()).isEqualTo(200);
            assertThat(json(decrypted.body()).get("plaintext").getAsString()).isEqualTo(b64("over mtls"));
            assertThat(json(wrapped.body()).get("wrapped").getAsString())
                    .isEqualTo(json(created.body()).get("wrapped").getAsString());
            assertThat(decrypted.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(decrypted.sslSession()).hasValueSatisfying(t -> assertThat(t.getProtocol()).isEqualTo("TLSv1.3"));
        }
        assertThat(audit()).anySatisfy(line -> assertThat(line).contains("\"principal\":\"" + DevelopmentSetup.CLIENT_ID + "\"")
                .contains("\"operation\":\"unwrap\"").contains("\"outcome\":\"OK\""));
    }

    @Test
    void aClientWithoutACertificateIsRefusedInTheHandshake() throws Exception {
        try (ConfiguredServer s = openWithTcp()) {
            s.start();
            HttpClient anonymous = client(false);

            assertThatThrownBy(() -> post(anonymous, base(s), "create_dek_for_thread", "{\"thread_id\":\"x\"}"))
                    .isInstanceOf(IOException.class);
        }
        assertThat(audit()).noneSatisfy(line -> assertThat(line).contains("createDek"));
    }

    @Test
    void aDisabledClientsCertificateIsPermissionDenied() throws Exception {
        try (ConfiguredServer s = openWithTcp()) {
            s.start();
            s.server().clients().orElseThrow().disable(DevelopmentSetup.CLIENT_ID);

            HttpResponse<String> refused = post(client(true), base(s), "create_dek_for_thread", "{\"thread_id\":\"x\"}");

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(json(refused.body()).get("error").getAsString()).isEqualTo("PERMISSION_DENIED");
        }
    }

    // ---- set-up and start ------------------------------------------------------------------

    @Test
    void initCreatesTheKekAndAnOwnerOnlyDekStore() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dev.resolve("dek-store"))))
                .isEqualTo("rwx------");
        Map<String, String> local = Map.of("path", dev.resolve("keystore").toString(),
                "master-key-file", dev.resolve("secrets/master.key").toString());
        try (KmsManager kms = KmsManager.builder().enable("local", ProviderConfig.of(local)).build();
                CallerContext.Scope scope = CallerContext.open(ServerPrincipal.CALLER)) {
            assertThat(kms.metadata(KeyRef.parse(DevelopmentSetup.DEK_KEK)).spec()).isEqualTo(KeySpec.AES_256);
        }
    }

    @Test
    void aMissingKekIsReportedAtStart() {
        assertThatThrownBy(() -> open(Map.of("KMS4J_SERVER_HTTP_KEK", "local://missing-kek")))
                .hasMessageContaining("http.kek");
    }
}
