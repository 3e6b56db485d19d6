package dev.kms4j.envelope.tink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClients;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Kms4jKmsClient}: the {@code kms4j:} URI form, binding, and explicit registration. */
class Kms4jKmsClientTest {
    private KmsManager kms;
    private KeyRef key;

    @BeforeEach
    void setUp() {
        kms = TinkTestKms.localInMemory();
        key = TinkTestKms.newKey(kms, "client");
    }

    @AfterEach
    void tearDown() {
        kms.close();
    }

    @Test
    void managerClientSupportsPrefixedUrisOfEnabledSchemes() {
        Kms4jKmsClient client = Kms4jKmsClient.forManager(kms);
        assertThat(client.doesSupport("kms4j:local://anything")).isTrue();
        assertThat(client.doesSupport("kms4j:aws-kms://alias/x")).isFalse();
        assertThat(client.doesSupport("local://anything")).isFalse();
        assertThat(client.doesSupport("aws-kms://arn:aws:kms:eu-west-1:111122223333:key/x")).isFalse();
        assertThat(client.doesSupport("kms4j:not a uri")).isFalse();
        assertThat(client.doesSupport(null)).isFalse();
    }

    @Test
    void boundClientSupportsOnlyItsKey() {
        Kms4jKmsClient client = Kms4jKmsClient.forKey(kms, Kms4jKmsClient.tinkUri(key));
        assertThat(client.doesSupport("kms4j:" + key.toUri())).isTrue();
        assertThat(client.doesSupport("kms4j:local://other")).isFalse();
        assertThat(client.boundKey()).contains(key);
    }

    @Test
    void aeadFromTheClientRoundTrips() throws Exception {
        Aead aead = Kms4jKmsClient.forManager(kms).getAead(Kms4jKmsClient.tinkUri(key));
        byte[] ad = "ad".getBytes(StandardCharsets.UTF_8);
        assertThat(aead.decrypt(aead.encrypt(new byte[] {1, 2, 3}, ad), ad)).containsExactly(1, 2, 3);
    }

    @Test
    void unsupportedUriIsAGeneralSecurityException() {
        assertThatThrownBy(() -> Kms4jKmsClient.forKey(kms, Kms4jKmsClient.tinkUri(key)).getAead("kms4j:local://other"))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void malformedBoundUriIsInvalidArgument() {
        assertThatThrownBy(() -> Kms4jKmsClient.forKey(kms, "local://payments")).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void credentialsComeFromTheProviderConfigNotFromTink() throws Exception {
        Kms4jKmsClient client = Kms4jKmsClient.forManager(kms);
        assertThat(client.withDefaultCredentials()).isSameAs(client);
        assertThatThrownBy(() -> client.withCredentials("/etc/creds.json")).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void nothingIsRegisteredWithTinkUntilTheApplicationDoesIt() throws Exception {
        String uri = Kms4jKmsClient.tinkUri(key);
        Kms4jKmsClient.forManager(kms);
        assertThatThrownBy(() -> KmsClients.get(uri)).isInstanceOf(GeneralSecurityException.class);
        KmsClients.add(Kms4jKmsClient.forKey(kms, uri));
        assertThat(KmsClients.get(uri).getAead(uri)).isInstanceOf(KmsAead.class);
    }
}
