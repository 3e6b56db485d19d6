package dev.kms4j.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteSettingsTest {

    private static RemoteSettings resolve(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return RemoteSettings.resolve(ProviderConfig.builder().setAll(m).environment(Map.of()).build().forScheme("kms4j"));
    }

    private static void assertInvalid(String... pairs) {
        assertThatThrownBy(() -> resolve(pairs)).isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void tcpTargetsUseTlsByDefault() {
        RemoteSettings s = resolve("target", "kms.internal:8443");

        assertThat(s.host()).isEqualTo("kms.internal");
        assertThat(s.port()).isEqualTo(8443);
        assertThat(s.tls()).isTrue();
        assertThat(s.timeout()).isEqualTo(RemoteSettings.DEFAULT_TIMEOUT);
    }

    @Test
    void unixSocketTargetsUsePlaintextByDefault() {
        RemoteSettings s = resolve("target", "unix:/run/kms4j/kms.sock");

        assertThat(s.unixSocket()).contains(Path.of("/run/kms4j/kms.sock"));
        assertThat(s.tls()).isFalse();
    }

    @Test
    void ipv6TargetsAreWrittenInBrackets() {
        RemoteSettings s = resolve("target", "[::1]:8443");

        assertThat(s.host()).isEqualTo("::1");
        assertThat(s.port()).isEqualTo(8443);
    }

    @Test
    void theTimeoutIsRead() {
        assertThat(resolve("target", "h:1", "timeout", "250ms").timeout()).isEqualTo(Duration.ofMillis(250));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kms.internal", "kms.internal:", ":8443", "h:0", "h:70000", "h:port", "unix:relative.sock",
            "::1:8443", "unix:"})
    void malformedTargetsAreInvalidArgument(String target) {
        assertInvalid("target", target);
    }

    @Test
    void aMissingTargetIsInvalidArgument() {
        assertInvalid();
    }

    @Test
    void aZeroTimeoutIsInvalidArgument() {
        assertInvalid("target", "h:1", "timeout", "0s");
    }

    @Test
    void aClientCertificateNeedsItsKey() {
        assertInvalid("target", "h:1", "client-cert", "/c.pem");
    }

    @Test
    void tlsFilesNeedTls() {
        assertInvalid("target", "h:1", "tls", "false", "ca-cert", "/ca.pem");
    }

    @Test
    void aClientIdNeedsItsSecret() {
        assertInvalid("target", "h:1", "client-id", "app");
    }

    @Test
    void credentialsAreNotSentOverPlainTcpToAnotherHost() {
        assertInvalid("target", "kms.internal:80", "tls", "false", "client-id", "app", "client-secret", "s");
    }

    @Test
    void credentialsMayGoOverPlainTcpOnLoopbackOrAUnixSocket() {
        assertThat(resolve("target", "127.0.0.1:80", "tls", "false", "client-id", "a", "client-secret", "s").clientId())
                .contains("a");
        assertThat(resolve("target", "unix:/k.sock", "client-id", "a", "client-secret", "s").clientId()).contains("a");
    }

    @Test
    void toStringNeverShowsTheSecret() {
        RemoteSettings s = resolve("target", "h:1", "client-id", "app", "client-secret", "hunter2-very-secret");

        assertThat(s.toString()).contains("app").doesNotContain("hunter2-very-secret");
    }

    @Test
    void unreadableTlsFilesAreInvalidArgumentNamingTheFiles() {
        RemoteSettings s = resolve("target", "h:1", "ca-cert", "/nonexistent/ca.pem");

        assertThatThrownBy(() -> RemoteChannel.open(s)).isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("/nonexistent/ca.pem");
    }
}
