package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateKeyOptionsTest {

    @Test
    void ofUsesTheSpecsDefaultUsage() {
        CreateKeyOptions options = CreateKeyOptions.of(KeySpec.AES_256);

        assertThat(options.spec()).isEqualTo(KeySpec.AES_256);
        assertThat(options.usage()).isEqualTo(KeyUsage.ENCRYPT_DECRYPT);
        assertThat(options.description()).isEmpty();
        assertThat(options.tags()).isEmpty();
    }

    @Test
    void rsaKeyMayBeCreatedForEncryption() {
        assertThat(CreateKeyOptions.builder(KeySpec.RSA_2048).usage(KeyUsage.ENCRYPT_DECRYPT).build().usage())
                .isEqualTo(KeyUsage.ENCRYPT_DECRYPT);
    }

    @Test
    void usageThatDoesNotFitTheSpecIsInvalidArgument() {
        assertInvalid(CreateKeyOptions.builder(KeySpec.AES_256).usage(KeyUsage.SIGN_VERIFY));
        assertInvalid(CreateKeyOptions.builder(KeySpec.EC_P256).usage(KeyUsage.ENCRYPT_DECRYPT));
        assertInvalid(CreateKeyOptions.builder(KeySpec.HMAC_SHA256).usage(KeyUsage.SIGN_VERIFY));
    }

    @Test
    void descriptionOfMaximumLengthIsAccepted() {
        String description = "d".repeat(CreateKeyOptions.MAX_DESCRIPTION_LENGTH);

        assertThat(CreateKeyOptions.builder(KeySpec.AES_256).description(description).build().description())
                .contains(description);
    }

    @Test
    void overLongDescriptionIsInvalidArgument() {
        assertInvalid(CreateKeyOptions.builder(KeySpec.AES_256).description("d".repeat(CreateKeyOptions.MAX_DESCRIPTION_LENGTH + 1)));
    }

    @Test
    void maximumNumberOfTagsIsAccepted() {
        assertThat(CreateKeyOptions.builder(KeySpec.AES_256).tags(tags(CreateKeyOptions.MAX_TAGS)).build().tags())
                .hasSize(CreateKeyOptions.MAX_TAGS);
    }

    @Test
    void tooManyTagsIsInvalidArgument() {
        assertInvalid(CreateKeyOptions.builder(KeySpec.AES_256).tags(tags(CreateKeyOptions.MAX_TAGS + 1)));
    }

    @Test
    void emptyTagNameIsInvalidArgument() {
        assertInvalid(CreateKeyOptions.builder(KeySpec.AES_256).tag("", "v"));
    }

    @Test
    void nullTagNameIsInvalidArgument() {
        assertInvalid(CreateKeyOptions.builder(KeySpec.AES_256).tag(null, "v"));
    }

    @Test
    void nullTagValueIsInvalidArgument() {
        assertInvalid(CreateKeyOptions.builder(KeySpec.AES_256).tag("team", null));
    }

    @Test
    void tagsAreCopiedAndUnmodifiable() {
        CreateKeyOptions.Builder b = CreateKeyOptions.builder(KeySpec.AES_256).tag("team", "billing");
        CreateKeyOptions options = b.build();

        b.tag("other", "x");

        assertThat(options.tags()).containsOnlyKeys("team");
        assertThatThrownBy(() -> options.tags().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void builderRequiresASpec() {
        assertThatThrownBy(() -> CreateKeyOptions.builder(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringShowsTagNamesButNotValues() {
        CreateKeyOptions options = CreateKeyOptions.builder(KeySpec.AES_256).tag("team", "billing-value").build();

        assertThat(options.toString()).contains("AES_256", "team").doesNotContain("billing-value");
    }

    private static Map<String, String> tags(int n) {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < n; i++) {
            tags.put("t" + i, "v");
        }
        return tags;
    }

    private static void assertInvalid(CreateKeyOptions.Builder builder) {
        assertThatThrownBy(builder::build).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }
}
