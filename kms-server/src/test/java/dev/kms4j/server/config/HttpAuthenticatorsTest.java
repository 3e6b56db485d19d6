package dev.kms4j.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.Caller;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.server.auth.ClientRecord;
import dev.kms4j.server.auth.ClientRegistry;
import dev.kms4j.server.auth.SecretHash;
import dev.kms4j.server.http.HttpRequestMetadata;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The authenticators the configured server gives its HTTP listeners, fail-closed cases. */
class HttpAuthenticatorsTest {
    private final UnixPeerHttpAuthenticator unix = new UnixPeerHttpAuthenticator(Set.of(1000, 1001), Set.of("deks"));

    private static HttpRequestMetadata request(HttpRequestMetadata.Transport transport, Integer uid, HttpHeaders headers) {
        return new HttpRequestMetadata("POST", "/encrypt", headers, transport, null, uid, 42);
    }

    private static HttpRequestMetadata request(HttpRequestMetadata.Transport transport, Integer uid) {
        return request(transport, uid, new DefaultHttpHeaders());
    }

    private static KmsErrorCode codeOf(Runnable r) {
        try {
            r.run();
        } catch (KmsException e) {
            return e.code();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void anAllowedUidBecomesPrincipalUidWithTheSocketRoles() {
        Caller caller = unix.authenticate(request(HttpRequestMetadata.Transport.UNIX, 1001));

        assertThat(caller.principal()).isEqualTo("uid:1001");
        assertThat(caller.roles()).containsExactly("deks");
    }

    @Test
    void aUidNotAllowedIsPermissionDenied() {
        assertThat(codeOf(() -> unix.authenticate(request(HttpRequestMetadata.Transport.UNIX, 4242))))
                .isEqualTo(KmsErrorCode.PERMISSION_DENIED);
    }

    @Test
    void aSocketRequestWithoutPeerCredentialsIsUnauthenticated() {
        assertThat(codeOf(() -> unix.authenticate(request(HttpRequestMetadata.Transport.UNIX, null))))
                .isEqualTo(KmsErrorCode.UNAUTHENTICATED);
    }

    @Test
    void theSocketAuthenticatorRefusesOtherTransports() {
        assertThat(codeOf(() -> unix.authenticate(request(HttpRequestMetadata.Transport.TCP, 1000))))
                .isEqualTo(KmsErrorCode.UNAUTHENTICATED);
    }

    @Test
    void aWellFormedRequestIdIsKeptAndABadOneReplaced() {
        HttpHeaders good = new DefaultHttpHeaders().add("X-Request-Id", "req-1:a");
        HttpHeaders bad = new DefaultHttpHeaders().add("X-Request-Id", "two words\"}");

        assertThat(unix.authenticate(request(HttpRequestMetadata.Transport.UNIX, 1000, good)).requestId()).hasValue("req-1:a");
        assertThat(unix.authenticate(request(HttpRequestMetadata.Transport.UNIX, 1000, bad)).requestId())
                .hasValueSatisfying(id -> assertThat(id).doesNotContain(" ").hasSize(36));
    }

    @Test
    void theCertificateAuthenticatorRefusesAConnectionWithoutTls() {
        ClientRegistry registry = ClientRegistry.of(List.of(ClientRecord.builder("billing",
                SecretHash.parse(SecretHash.bcrypt("pw".toCharArray(), 4))).build()));
        ClientCertificateHttpAuthenticator certs = new ClientCertificateHttpAuthenticator(registry);

        assertThat(codeOf(() -> certs.authenticate(request(HttpRequestMetadata.Transport.TCP, null))))
                .isEqualTo(KmsErrorCode.UNAUTHENTICATED);
        assertThat(codeOf(() -> certs.authenticate(request(HttpRequestMetadata.Transport.TLS, null))))
                .isEqualTo(KmsErrorCode.UNAUTHENTICATED);
    }
}
