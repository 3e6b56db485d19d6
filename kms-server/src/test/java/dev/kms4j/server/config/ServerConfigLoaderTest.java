package dev.kms4j.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.Caller;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsOperation;
import dev.kms4j.server.auth.SecretHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {
    @TempDir
    Path dir;

    String hash;

    @BeforeEach
    void setUp() {
        hash = SecretHash.bcrypt("pw".toCharArray(), 4);
    }

    private String config(String extra) {
        return "listeners:\n"
                + "  unix-socket:\n"
                + "    path: run/kms.sock\n"
                + "    allowed-uids: [1000]\n"
                + "auth:\n"
                + "  token-key: local://kms4j-token\n"
                + "  token-ttl: 5m\n"
                + "  audience: payments\n"
                + "clients:\n"
                + "  - id: billing\n"
                + "    secret-hash: '" + hash + "'\n"
                + "    roles: [signer]\n"
                + "    rate-limit: {permits: 10, period: 1s}\n"
                + "roles:\n"
                + "  signer:\n"
                + "    - allow sign,verify local://app-*\n"
                + "    - deny sign local://app-secret\n"
                + "providers:\n"
                + "  local:\n"
                + "    path: keystore\n"
                + "    passphrase: env:TEST_PASSPHRASE\n"
                + extra;
    }

    private ServerConfig parse(String yaml, Map<String, String> env) {
        return ServerConfigLoader.parse(yaml, env, dir);
    }

    private static String unauthenticated(String authExtra) {
        return "listeners:\n"
                + "  unix-socket:\n"
                + "    path: run/kms.sock\n"
                + "auth:\n"
                + "  enabled: false\n"
                + authExtra
                + "roles:\n"
                + "  dev:\n"
                + "    - allow encrypt,decrypt local://dev-*\n"
                + "providers:\n"
                + "  local:\n"
                + "    path: ':memory:'\n";
    }

    @Test
    void withAuthenticationOffAnonymousCallersGetOnlyTheAnonymousRoles() {
        ServerConfig config = parse(unauthenticated("  anonymous-roles: [dev]\n"), Map.of());

        assertThat(config.policy().isAllowed(null, KmsOperation.ENCRYPT, "local://dev-a")).isTrue();
        assertThat(config.policy().isAllowed(null, KmsOperation.SIGN, "local://dev-a")).isFalse();
        assertThat(config.policy().isAllowed(null, KmsOperation.ENCRYPT, "local://prod-a")).isFalse();
    }

    @Test
    void withAuthenticationOffAndNoAnonymousRolesAnonymousCallersCanDoNothing() {
        ServerConfig config = parse(unauthenticated(""), Map.of());

        assertThat(config.policy().isAllowed(null, KmsOperation.ENCRYPT, "local://dev-a")).isFalse();
    }

    @Test
    void anonymousRolesMustBeDefinedAndNeedAuthenticationOff() {
        assertThatThrownBy(() -> parse(unauthenticated("  anonymous-roles: [nope]\n"), Map.of()))
                .isInstanceOf(KmsException.class).hasMessageContaining("auth.anonymous-roles");
        assertThatThrownBy(() -> parse(config("").replace("  token-ttl: 5m\n", "  token-ttl: 5m\n  anonymous-roles: [signer]\n"), Map.of("TEST_PASSPHRASE", "pp")))
                .isInstanceOf(KmsException.class).hasMessageContaining("auth.anonymous-roles");
    }

    @Test
    void theAuditFileIsForcedAfterEveryRecordUnlessSaidOtherwise() {
        assertThat(parse(config("audit:\n  file: audit.log\n"), Map.of("TEST_PASSPHRASE", "pp")).auditSyncEvery()).isEqualTo(1);
        assertThat(parse(config("audit:\n  file: audit.log\n  sync-every: 64\n"), Map.of("TEST_PASSPHRASE", "pp")).auditSyncEvery()).isEqualTo(64);
        assertThat(parse(config("audit:\n  file: audit.log\n"), Map.of("TEST_PASSPHRASE", "pp", "KMS4J_SERVER_AUDIT_SYNC_EVERY", "8"))
                .auditSyncEvery()).isEqualTo(8);
        assertThatThrownBy(() -> parse(config("audit:\n  file: audit.log\n  sync-every: 0\n"), Map.of("TEST_PASSPHRASE", "pp")))
                .isInstanceOf(KmsException.class).hasMessageContaining("audit.sync-every");
    }

    @Test
    void authenticateAttemptsHaveAServerWideLimit() {
        ServerConfig c = parse(config("").replace("  token-ttl: 5m\n",
                "  token-ttl: 5m\n  authenticate-rate-limit: {permits: 5, period: 2s}\n"), Map.of("TEST_PASSPHRASE", "pp"));

        assertThat(c.auth().orElseThrow().authenticateLimit().permits()).isEqualTo(5);
        assertThat(c.auth().orElseThrow().authenticateLimit().period()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> parse(config("").replace("  token-ttl: 5m\n",
                "  token-ttl: 5m\n  authenticate-rate-limit: {permits: 0}\n"), Map.of("TEST_PASSPHRASE", "pp")))
                .isInstanceOf(KmsException.class).hasMessageContaining("auth.authenticate-rate-limit.permits");
    }

    @Test
    void aCompleteConfigIsRead() {
        ServerConfig c = parse(config("shutdown:\n  grace-period: 45s\n"), Map.of("TEST_PASSPHRASE", "pp"));

        assertThat(c.unixSocket().orElseThrow().path()).isEqualTo(dir.resolve("run/kms.sock"));
        assertThat(c.unixSocket().orElseThrow().allowedUids()).containsExactly(1000);
        assertThat(c.auth().orElseThrow().tokenTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.auth().orElseThrow().audience()).isEqualTo("payments");
        assertThat(c.clients()).singleElement().satisfies(cl -> {
            assertThat(cl.id()).isEqualTo("billing");
            assertThat(cl.roles()).containsExactly("signer");
            assertThat(cl.rateLimit().orElseThrow().permits()).isEqualTo(10);
        });
        assertThat(c.gracePeriod()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void rolesBecomeKeyAccessRulesForTheirMembers() {
        ServerConfig c = parse(config(""), Map.of("TEST_PASSPHRASE", "pp"));
        Caller signer = Caller.builder("billing").roles("signer").build();

        assertThat(c.policy().isAllowed(signer, KmsOperation.SIGN, "local://app-1")).isTrue();
        assertThat(c.policy().isAllowed(signer, KmsOperation.SIGN, "local://app-secret")).isFalse();
        assertThat(c.policy().isAllowed(signer, KmsOperation.DECRYPT, "local://app-1")).isFalse();
        assertThat(c.policy().isAllowed(Caller.of("billing"), KmsOperation.SIGN, "local://app-1")).isFalse();
    }

    @Test
    void secretReferencesAreResolvedFromTheEnvironmentAndFiles() throws Exception {
        Path hashFile = Files.writeString(dir.resolve("hash.txt"), hash + "\n");
        String yaml = config("").replace("'" + hash + "'", "file:" + hashFile);

        ServerConfig c = parse(yaml, Map.of("TEST_PASSPHRASE", "from-env"));

        assertThat(c.providers().get("local")).containsEntry("passphrase", "from-env");
        assertThat(c.clients().get(0).secretHash().matches("pw".getBytes())).isTrue();
    }

    @Test
    void anUnsetSecretReferenceNamesTheFieldNotAValue() {
        assertThatThrownBy(() -> parse(config(""), Map.of()))
                .isInstanceOf(KmsException.class)
                .hasMessageContaining("providers.local.passphrase")
                .hasMessageContaining("TEST_PASSPHRASE");
    }

    @Test
    void environmentOverridesReplaceFileValues() {
        ServerConfig c = parse(config(""), Map.of("TEST_PASSPHRASE", "pp",
                "KMS4J_SERVER_UNIX_SOCKET", "/tmp/other.sock", "KMS4J_SERVER_TOKEN_TTL", "2m"));

        assertThat(c.unixSocket().orElseThrow().path()).isEqualTo(Path.of("/tmp/other.sock"));
        assertThat(c.auth().orElseThrow().tokenTtl()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void anEnvironmentOverrideCanAddATcpListener() {
        ServerConfig c = parse(config(""), Map.of("TEST_PASSPHRASE", "pp",
                "KMS4J_SERVER_TCP_PORT", "7443", "KMS4J_SERVER_TCP_PLAINTEXT", "true"));

        assertThat(c.tcp().orElseThrow().port()).isEqualTo(7443);
        assertThat(c.tcp().orElseThrow().plaintext()).isTrue();
    }

    @Test
    void aBadPortNamesTheField() {
        assertThatThrownBy(() -> parse(config(""), Map.of("TEST_PASSPHRASE", "pp", "KMS4J_SERVER_TCP_PORT", "http")))
                .hasMessageContaining("listeners.tcp.port");
    }

    @Test
    void tcpWithoutTlsNeedsAnExplicitPlaintextChoice() {
        assertThatThrownBy(() -> parse(config(""), Map.of("TEST_PASSPHRASE", "pp", "KMS4J_SERVER_TCP_PORT", "7443")))
                .hasMessageContaining("tls").hasMessageContaining("plaintext");
    }

    @Test
    void anUnknownSettingIsAnError() {
        assertThatThrownBy(() -> parse(config("audit:\n  fiel: x\n"), Map.of("TEST_PASSPHRASE", "pp")))
                .hasMessageContaining("audit.fiel");
    }

    @Test
    void aPlaintextSecretInsteadOfAHashIsRefused() {
        assertThatThrownBy(() -> parse(config("").replace("'" + hash + "'", "hunter2"), Map.of("TEST_PASSPHRASE", "pp")))
                .hasMessageContaining("clients[0].secret-hash")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aClientWithAnUndefinedRoleIsRefused() {
        assertThatThrownBy(() -> parse(config("").replace("roles: [signer]", "roles: [root]"), Map.of("TEST_PASSPHRASE", "pp")))
                .hasMessageContaining("clients[0].roles");
    }

    @Test
    void aBadRoleRuleNamesTheRule() {
        assertThatThrownBy(() -> parse(config("").replace("allow sign,verify local://app-*", "permit sign local://x"),
                Map.of("TEST_PASSPHRASE", "pp")))
                .hasMessageContaining("roles.signer[0]");
    }

    @Test
    void yamlTagsCannotConstructJavaObjects() {
        String yaml = config("") + "x: !!java.io.File [\"/etc/passwd\"]\n";

        assertThatThrownBy(() -> parse(yaml, Map.of("TEST_PASSPHRASE", "pp")))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void authMustBeDisabledExplicitly() {
        String yaml = config("").replaceAll("(?s)auth:\\n.*?clients:", "clients:");

        assertThatThrownBy(() -> parse(yaml, Map.of("TEST_PASSPHRASE", "pp"))).hasMessageContaining("auth");
    }

    @Test
    void authCanBeDisabledForDevelopment() {
        String yaml = config("").replaceAll("(?s)auth:\\n.*?clients:", "auth:\n  enabled: false\nclients:");

        assertThat(parse(yaml, Map.of("TEST_PASSPHRASE", "pp")).auth()).isEmpty();
    }
}
