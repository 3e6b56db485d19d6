package dev.kms4j.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteKeyIdsTest {

    @Test
    void theKeyIdIsSplitAtItsFirstSlash() {
        assertThat(RemoteKeyIds.toServerUri(KeyRef.parse("kms4j://local/payments#2"))).isEqualTo("local://payments#2");
        assertThat(RemoteKeyIds.toServerUri(KeyRef.parse("kms4j://aws-kms/arn:aws:kms:eu-west-1:1:key/abc")))
                .isEqualTo("aws-kms://arn:aws:kms:eu-west-1:1:key/abc");
        assertThat(RemoteKeyIds.toServerUri(KeyRef.parse("kms4j://vault-transit/vault:8200/transit/k")))
                .isEqualTo("vault-transit://vault:8200/transit/k");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local://payments", "local://payments#2", "aws-kms://arn:aws:kms:eu-west-1:1:key/abc",
            "azure-kv://v.vault.azure.net/k#0f3c"})
    void serverUrisMapBackToThemselves(String serverUri) {
        KeyRef remote = RemoteKeyIds.fromServerUri(serverUri);

        assertThat(remote.scheme()).isEqualTo("kms4j");
        assertThat(RemoteKeyIds.toServerUri(remote)).isEqualTo(serverUri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kms4j://payments", "kms4j://local/", "kms4j:///payments", "kms4j://Bad_Scheme/k"})
    void keyIdsNamingNoServerKeyAreInvalidArgument(String uri) {
        assertThatThrownBy(() -> RemoteKeyIds.toServerUri(KeyRef.parse(uri)))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void listingScopesMapToServerScopes() {
        assertThat(RemoteKeyIds.toServerScope("")).isEmpty();
        assertThat(RemoteKeyIds.toServerScope("local")).isEqualTo("local");
        assertThat(RemoteKeyIds.toServerScope("local/")).isEqualTo("local://");
        assertThat(RemoteKeyIds.toServerScope("local/pay")).isEqualTo("local://pay");
    }

    @Test
    void aListingScopeWithoutSchemeIsInvalidArgument() {
        assertThatThrownBy(() -> RemoteKeyIds.toServerScope("/pay"))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }
}
