package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRefTest {
    private static final String AWS_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String AZURE_VERSION = "0f3c1a2b3c4d5e6f7a8b9c0d1e2f3a4b";

    @Test
    void parsesLocalKeyWithVersion() {
        KeyRef ref = KeyRef.parse("local://payments#2");

        assertThat(ref.scheme()).isEqualTo("local");
        assertThat(ref.keyId()).isEqualTo("payments");
        assertThat(ref.version()).contains("2");
        assertThat(ref.hasVersion()).isTrue();
    }

    @Test
    void parsesAwsKeyArnWithoutVersion() {
        KeyRef ref = KeyRef.parse("aws-kms://" + AWS_ARN);

        assertThat(ref.scheme()).isEqualTo("aws-kms");
        assertThat(ref.keyId()).isEqualTo(AWS_ARN);
        assertThat(ref.version()).isEmpty();
        assertThat(ref.hasVersion()).isFalse();
    }

    @Test
    void parsesAwsAlias() {
        KeyRef ref = KeyRef.parse("aws-kms://alias/payments");

        assertThat(ref.scheme()).isEqualTo("aws-kms");
        assertThat(ref.keyId()).isEqualTo("alias/payments");
        assertThat(ref.version()).isEmpty();
    }

    @Test
    void parsesAzureKeyWithVersion() {
        KeyRef ref = KeyRef.parse("azure-kv://myvault.vault.azure.net/payments#" + AZURE_VERSION);

        assertThat(ref.scheme()).isEqualTo("azure-kv");
        assertThat(ref.keyId()).isEqualTo("myvault.vault.azure.net/payments");
        assertThat(ref.version()).contains(AZURE_VERSION);
    }

    @Test
    void parsesVaultTransitKeyWithVersion() {
        KeyRef ref = KeyRef.parse("vault-transit://vault.internal:8200/transit/payments#3");

        assertThat(ref.scheme()).isEqualTo("vault-transit");
        assertThat(ref.keyId()).isEqualTo("vault.internal:8200/transit/payments");
        assertThat(ref.version()).contains("3");
    }

    @Test
    void turnsTinkHcvaultUriIntoVaultTransitReference() {
        KeyRef ref = KeyRef.parse("hcvault://host:8200/transit/keys/payments");

        assertThat(ref).isEqualTo(KeyRef.parse("vault-transit://host:8200/transit/payments"));
        assertThat(ref.toUri()).isEqualTo("vault-transit://host:8200/transit/payments");
    }

    @Test
    void keepsVersionOfTinkHcvaultUri() {
        assertThat(KeyRef.parse("hcvault://host:8200/transit/keys/payments#4"))
                .isEqualTo(KeyRef.of("vault-transit", "host:8200/transit/payments", "4"));
    }

    @Test
    void turnsAzureKeyIdentifierWithVersionIntoAzureReference() {
        KeyRef ref = KeyRef.parse("https://myvault.vault.azure.net/keys/payments/0f3c");

        assertThat(ref.toUri()).isEqualTo("azure-kv://myvault.vault.azure.net/payments#0f3c");
    }

    @Test
    void turnsAzureKeyIdentifierWithoutVersionIntoUnversionedReference() {
        KeyRef ref = KeyRef.parse("https://myvault.vault.azure.net/keys/payments");

        assertThat(ref.toUri()).isEqualTo("azure-kv://myvault.vault.azure.net/payments");
        assertThat(ref.hasVersion()).isFalse();
    }

    @Test
    void treatsTrailingSlashOfAzureKeyIdentifierAsNoVersion() {
        assertThat(KeyRef.parse("https://myvault.vault.azure.net/keys/payments/").hasVersion()).isFalse();
    }

    static Stream<String> canonicalUris() {
        return Stream.of(
                "local://payments",
                "local://payments#2",
                "aws-kms://" + AWS_ARN,
                "aws-kms://alias/payments",
                "azure-kv://myvault.vault.azure.net/payments#" + AZURE_VERSION,
                "vault-transit://vault.internal:8200/transit/payments#3");
    }

    @ParameterizedTest
    @MethodSource("canonicalUris")
    void canonicalUriRoundTripsThroughParse(String uri) {
        KeyRef ref = KeyRef.parse(uri);

        assertThat(ref.toUri()).isEqualTo(uri);
        assertThat(KeyRef.parse(ref.toUri())).isEqualTo(ref);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "hcvault://host:8200/transit/keys/payments",
            "https://myvault.vault.azure.net/keys/payments/0f3c",
            "https://myvault.vault.azure.net/keys/payments"})
    void convertedUriRoundTripsInCanonicalForm(String foreignUri) {
        KeyRef ref = KeyRef.parse(foreignUri);

        assertThat(KeyRef.parse(ref.toUri())).isEqualTo(ref);
    }

    @Test
    void toStringIsTheUri() {
        KeyRef ref = KeyRef.parse("local://payments#2");

        assertThat(ref).hasToString("local://payments#2");
    }

    @Test
    void equalReferencesHaveEqualHashCodes() {
        KeyRef a = KeyRef.parse("local://payments#2");
        KeyRef b = KeyRef.of("local", "payments", "2");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void differentVersionsAreDifferentReferences() {
        assertThat(KeyRef.parse("local://payments#2")).isNotEqualTo(KeyRef.parse("local://payments#3"))
                .isNotEqualTo(KeyRef.parse("local://payments"));
    }

    @Test
    void withVersionAndWithoutVersionSwitchVersion() {
        KeyRef base = KeyRef.parse("local://payments");

        assertThat(base.withVersion("7").toUri()).isEqualTo("local://payments#7");
        assertThat(base.withVersion("7").withoutVersion()).isEqualTo(base);
        assertThat(base.withoutVersion()).isSameAs(base);
    }

    @Test
    void withVersionValidatesTheVersion() {
        KeyRef base = KeyRef.parse("local://payments");

        assertInvalid(() -> base.withVersion("a b"), "'a b'");
    }

    static Stream<Arguments> malformedUris() {
        return Stream.of(
                Arguments.of("payments", "'payments'"),
                Arguments.of("local:/payments", "'local:/payments'"),
                Arguments.of("Local://payments", "'Local'"),
                Arguments.of("lo_cal://payments", "'lo_cal'"),
                Arguments.of("1local://payments", "'1local'"),
                Arguments.of("://payments", "''"),
                Arguments.of(" local://payments", "' local'"),
                Arguments.of("local://", "empty key id"),
                Arguments.of("local://#2", "empty key id"),
                Arguments.of("local://payments#", "empty version"),
                Arguments.of("local://pay ments", "'pay ments'"),
                Arguments.of("local://payments\t", "'payments\\u0009'"),
                Arguments.of("local://pay\u0000ments", "'pay\\u0000ments'"),
                Arguments.of("local://pay\nments#2", "'pay\\u000aments'"),
                Arguments.of("local://payments#v 2", "'v 2'"),
                Arguments.of("local://payments#2#3", "'2#3'"),
                Arguments.of("local://payments#a/b", "'a/b'"),
                Arguments.of("local://payments#" + "9".repeat(129), "128"),
                Arguments.of("https://myvault.vault.azure.net/secrets/payments", "'https://myvault.vault.azure.net/secrets/payments'"),
                Arguments.of("https://myvault.vault.azure.net/keys/", "'https://myvault.vault.azure.net/keys/'"),
                Arguments.of("https://myvault.vault.azure.net/keys/a/b/c", "'https://myvault.vault.azure.net/keys/a/b/c'"),
                Arguments.of("https:///keys/payments", "'https:///keys/payments'"),
                Arguments.of("https://myvault.vault.azure.net", "'https://myvault.vault.azure.net'"),
                Arguments.of("hcvault://host:8200/transit/payments", "'hcvault://host:8200/transit/payments'"),
                Arguments.of("hcvault://host:8200/transit/keys/", "'hcvault://host:8200/transit/keys/'"),
                Arguments.of("hcvault://keys/payments", "'hcvault://keys/payments'"));
    }

    @ParameterizedTest
    @MethodSource("malformedUris")
    void malformedUriIsInvalidArgumentNamingTheBadPart(String uri, String badPart) {
        assertInvalid(() -> KeyRef.parse(uri), badPart);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void emptyUriIsInvalidArgument(String uri) {
        assertInvalid(() -> KeyRef.parse(uri), "empty");
    }

    @Test
    void nullUriIsInvalidArgument() {
        assertInvalid(() -> KeyRef.parse(null), "empty");
    }

    @Test
    void overLongKeyIdIsInvalidArgumentGivingItsLength() {
        String id = "k".repeat(KeyRef.MAX_KEY_ID_LENGTH + 1);

        assertInvalid(() -> KeyRef.parse("local://" + id), String.valueOf(KeyRef.MAX_KEY_ID_LENGTH + 1));
    }

    @Test
    void keyIdOfMaximumLengthIsAccepted() {
        String id = "k".repeat(KeyRef.MAX_KEY_ID_LENGTH);

        assertThat(KeyRef.parse("local://" + id).keyId()).hasSize(KeyRef.MAX_KEY_ID_LENGTH);
    }

    @Test
    void errorMessageShortensVeryLongInput() {
        String uri = "x".repeat(5000);

        KmsException e = catchThrowableOfType(KmsException.class, () -> KeyRef.parse(uri));

        assertThat(e.getMessage()).hasSizeLessThan(400).contains("x".repeat(100));
    }

    @Test
    void ofRejectsNullScheme() {
        assertInvalid(() -> KeyRef.of(null, "payments"), "null");
    }

    @Test
    void ofRejectsNullKeyId() {
        assertInvalid(() -> KeyRef.of("local", null), "empty key id");
    }

    @Test
    void ofRejectsHashInKeyId() {
        assertInvalid(() -> KeyRef.of("local", "pay#ments"), "'pay#ments'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https", "hcvault"})
    void ofRejectsSchemesThatParseOnlyAcceptsAsForeignForms(String scheme) {
        // parse() rewrites these schemes, so a KeyRef carrying one would not survive toUri -> parse.
        assertInvalid(() -> KeyRef.of(scheme, "myvault.vault.azure.net/payments"), "'" + scheme + "'");
    }

    @Test
    void keyRefIsNotASecretButUserInputIsQuotedWithControlCharactersEscaped() {
        assertThat(KeyRef.quote("a\u0007b")).isEqualTo("'a\\u0007b'");
        assertThat(KeyRef.quote(null)).isEqualTo("null");
    }

    private static void assertInvalid(Runnable call, String shownPart) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains(shownPart);
                });
    }
}
