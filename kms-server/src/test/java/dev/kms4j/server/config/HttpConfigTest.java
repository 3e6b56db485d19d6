package dev.kms4j.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.Caller;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsOperation;
import dev.kms4j.server.auth.SecretHash;
import dev.kms4j.server.auth.ServerPrincipal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code http:} section (the seed-002 HTTP endpoints) and its environment overrides. */
class HttpConfigTest {
    private static final String HTTP = "http:\n"
            + "  unix-socket: {path: run/kms-http.sock, allowed-uids: [1001], roles: [deks]}\n"
            + "  kek: local://kms4j-dek-kek\n"
            + "  dek-store: dek-store\n";

    @TempDir
    Path dir;

    String hash;

    @BeforeEach
    void setUp() throws Exception {
        hash = SecretHash.bcrypt("pw".toCharArray(), 4);
        // The loader only checks that the TLS files are readable; the contexts are built at start.
        for (String f : new String[] {"server.pem", "server-key.pem", "ca.pem"}) {
            Files.writeString(dir.resolve(f), "x");
        }
    }

    private String config(String tls, String http) {
        return "listeners:\n"
                + "  unix-socket:\n"
                + "    path: run/kms.sock\n"
                + tls
                + "auth:\n"
                + "  token-key: local://kms4j-token\n"
                + "clients:\n"
                + "  - id: billing\n"
                + "    secret-hash: '" + hash + "'\n"
                + "    roles: [deks]\n"
                + "roles:\n"
                + "  deks:\n"
                + "    - allow createDek,unwrap local://kms4j-dek-kek\n"
                + "providers:\n"
                + "  local:\n"
                + "    path: keystore\n"
                + http;
    }

    private static String mutualTls() {
        return "tls:\n  cert: server.pem\n  key: server-key.pem\n  client-ca: ca.pem\n";
    }

    private ServerConfig parse(String yaml, Map<String, String> env) {
        return ServerConfigLoader.parse(yaml, env, dir);
    }

    private ServerConfig parse(String yaml) {
        return parse(yaml, Map.of());
    }

    @Test
    void theHttpSectionIsRead() {
        ServerConfig.HttpSettings http = parse(config("", HTTP)).http().orElseThrow();

        assertThat(http.unixSocket().orElseThrow().path()).isEqualTo(dir.resolve("run/kms-http.sock"));
        assertThat(http.unixSocket().orElseThrow().allowedUids()).containsExactly(1001);
        assertThat(http.unixSocket().orElseThrow().roles()).containsExactly("deks");
        assertThat(http.kek().toUri()).isEqualTo("local://kms4j-dek-kek");
        assertThat(http.dekStore()).isEqualTo(dir.resolve("dek-store"));
        assertThat(http.tcp()).isEmpty();
    }

    @Test
    void withoutAnHttpSectionThereAreNoHttpEndpoints() {
        assertThat(parse(config("", "")).http()).isEmpty();
    }

    @Test
    void httpOnTcpUsesTheTlsSection() {
        ServerConfig c = parse(config(mutualTls(), HTTP + "  tcp: {port: 7080}\n"));

        assertThat(c.http().orElseThrow().tcp().orElseThrow().host()).isEqualTo("127.0.0.1");
        assertThat(c.http().orElseThrow().tcp().orElseThrow().port()).isEqualTo(7080);
        assertThat(c.tls()).isPresent();
    }

    @Test
    void environmentOverridesSetTheHttpListenersKekAndStore() {
        Map<String, String> env = new HashMap<>();
        env.put("KMS4J_SERVER_HTTP_TCP_HOST", "0.0.0.0");
        env.put("KMS4J_SERVER_HTTP_TCP_PORT", "0");
        env.put("KMS4J_SERVER_HTTP_UNIX_SOCKET", "/tmp/other-http.sock");
        env.put("KMS4J_SERVER_HTTP_KEK", "local://other-kek");
        env.put("KMS4J_SERVER_HTTP_DEK_STORE", "/var/lib/deks");

        ServerConfig.HttpSettings http = parse(config(mutualTls(), HTTP), env).http().orElseThrow();

        assertThat(http.tcp().orElseThrow().host()).isEqualTo("0.0.0.0");
        assertThat(http.tcp().orElseThrow().port()).isZero();
        assertThat(http.unixSocket().orElseThrow().path()).isEqualTo(Path.of("/tmp/other-http.sock"));
        assertThat(http.unixSocket().orElseThrow().roles()).containsExactly("deks");
        assertThat(http.kek().toUri()).isEqualTo("local://other-kek");
        assertThat(http.dekStore()).isEqualTo(Path.of("/var/lib/deks"));
    }

    @Test
    void aBadHttpPortFromTheEnvironmentNamesTheField() {
        assertThatThrownBy(() -> parse(config(mutualTls(), HTTP), Map.of("KMS4J_SERVER_HTTP_TCP_PORT", "x")))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("http.tcp.port");
    }

    @Test
    void anUnknownHttpSettingIsAnError() {
        assertThatThrownBy(() -> parse(config("", HTTP + "  dek-stor: x\n"))).hasMessageContaining("http.dek-stor")
                .hasMessageContaining("unknown setting");
    }

    @Test
    void anUnknownUnixSocketSettingIsAnError() {
        assertThatThrownBy(() -> parse(config("", HTTP.replace("roles: [deks]", "role: [deks]"))))
                .hasMessageContaining("http.unix-socket.role");
    }

    @Test
    void httpNeedsAListener() {
        assertThatThrownBy(() -> parse(config("", "http:\n  kek: local://k\n  dek-store: d\n")))
                .hasMessageContaining("http: configure tcp, unix-socket or both");
    }

    @Test
    void theKekIsRequired() {
        assertThatThrownBy(() -> parse(config("", HTTP.replace("  kek: local://kms4j-dek-kek\n", ""))))
                .hasMessageContaining("http.kek: is required");
    }

    @Test
    void theDekStoreIsRequired() {
        assertThatThrownBy(() -> parse(config("", HTTP.replace("  dek-store: dek-store\n", ""))))
                .hasMessageContaining("http.dek-store: is required");
    }

    @Test
    void aKekWithAVersionIsRefused() {
        assertThatThrownBy(() -> parse(config("", HTTP.replace("kms4j-dek-kek", "kms4j-dek-kek#1"))))
                .hasMessageContaining("http.kek");
    }

    @Test
    void aKekOfAnUnconfiguredProviderIsRefused() {
        assertThatThrownBy(() -> parse(config("", HTTP.replace("local://kms4j-dek-kek", "aws-kms://alias/x"))))
                .hasMessageContaining("http.kek").hasMessageContaining("aws-kms");
    }

    @Test
    void anUndefinedSocketRoleIsRefused() {
        assertThatThrownBy(() -> parse(config("", HTTP.replace("roles: [deks]", "roles: [root]"))))
                .hasMessageContaining("http.unix-socket.roles");
    }

    @Test
    void httpOnTcpWithoutAClientCaIsRefused() {
        String tlsWithoutCa = "tls:\n  cert: server.pem\n  key: server-key.pem\n  require-client-cert: false\n";

        assertThatThrownBy(() -> parse(config(tlsWithoutCa, HTTP + "  tcp: {port: 7080}\n")))
                .hasMessageContaining("http.tcp").hasMessageContaining("client-ca");
    }

    @Test
    void httpOnTcpWithoutTlsIsRefused() {
        assertThatThrownBy(() -> parse(config("", HTTP + "  tcp: {port: 7080}\n")))
                .hasMessageContaining("http.tcp").hasMessageContaining("plaintext");
    }

    @Test
    void plainHttpNeedsAuthenticationOff() {
        assertThatThrownBy(() -> parse(config("", HTTP + "  tcp: {port: 7080, plaintext: true}\n")))
                .hasMessageContaining("http.tcp.plaintext").hasMessageContaining("auth.enabled: false");
    }

    @Test
    void plainHttpAndTlsCannotBeCombined() {
        assertThatThrownBy(() -> parse(config(mutualTls(), HTTP + "  tcp: {port: 7080, plaintext: true}\n")))
                .hasMessageContaining("http.tcp.plaintext").hasMessageContaining("choose one");
    }

    @Test
    void plainHttpIsAllowedWithAuthenticationOff() {
        String yaml = config("", HTTP + "  tcp: {port: 7080, plaintext: true}\n")
                .replace("  token-key: local://kms4j-token\n", "  enabled: false\n");

        assertThat(parse(yaml).http().orElseThrow().tcp().orElseThrow().plaintext()).isTrue();
    }

    @Test
    void aSocketCallerWithTheConfiguredRoleMayUseOnlyTheKek() {
        ServerConfig c = parse(config("", HTTP));
        Caller socketCaller = Caller.builder("uid:1001").roles("deks").build();

        assertThat(c.policy().isAllowed(socketCaller, KmsOperation.CREATE_DEK, "local://kms4j-dek-kek")).isTrue();
        assertThat(c.policy().isAllowed(socketCaller, KmsOperation.UNWRAP, "local://kms4j-dek-kek")).isTrue();
        assertThat(c.policy().isAllowed(socketCaller, KmsOperation.DECRYPT, "local://kms4j-dek-kek")).isFalse();
        assertThat(c.policy().isAllowed(socketCaller, KmsOperation.CREATE_DEK, "local://other")).isFalse();
    }

    @Test
    void theServerMayReadTheKeksMetadataAndNothingMore() {
        ServerConfig c = parse(config("", HTTP));

        assertThat(c.policy().isAllowed(ServerPrincipal.CALLER, KmsOperation.METADATA, "local://kms4j-dek-kek")).isTrue();
        assertThat(c.policy().isAllowed(ServerPrincipal.CALLER, KmsOperation.UNWRAP, "local://kms4j-dek-kek")).isFalse();
    }
}
