package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KmsExceptionTest {
    private static final Set<KmsErrorCode> RETRYABLE =
            EnumSet.of(KmsErrorCode.THROTTLED, KmsErrorCode.UNAVAILABLE, KmsErrorCode.TIMEOUT);
    private static final KeyRef KEY = KeyRef.parse("local://payments#1");

    @ParameterizedTest
    @EnumSource(KmsErrorCode.class)
    void onlyThrottledUnavailableAndTimeoutAreRetryableByDefault(KmsErrorCode code) {
        assertThat(code.isRetryableByDefault()).isEqualTo(RETRYABLE.contains(code));
        assertThat(new KmsException(code, "m").isRetryable()).isEqualTo(RETRYABLE.contains(code));
    }

    @Test
    void simpleConstructorHasNoDetail() {
        KmsException e = new KmsException(KmsErrorCode.NOT_FOUND, "key missing");

        assertThat(e.code()).isEqualTo(KmsErrorCode.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("key missing");
        assertThat(e.provider()).isEmpty();
        assertThat(e.keyRef()).isEmpty();
        assertThat(e.providerErrorCode()).isEmpty();
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.getCause()).isNull();
    }

    @Test
    void causeConstructorKeepsTheCause() {
        IllegalStateException cause = new IllegalStateException("sdk failure");

        KmsException e = new KmsException(KmsErrorCode.INTERNAL, "boom", cause);

        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void builderSetsEveryField() {
        RuntimeException cause = new RuntimeException("x");

        KmsException e = KmsException.builder(KmsErrorCode.THROTTLED, "slow down")
                .cause(cause).retryable(false).provider("aws-kms").keyRef(KEY)
                .providerErrorCode("ThrottlingException").retryAfter(Duration.ofSeconds(2)).build();

        assertThat(e.code()).isEqualTo(KmsErrorCode.THROTTLED);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.provider()).contains("aws-kms");
        assertThat(e.keyRef()).contains(KEY);
        assertThat(e.providerErrorCode()).contains("ThrottlingException");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void builderCanMakeANonRetryableCodeRetryable() {
        assertThat(KmsException.builder(KmsErrorCode.INTERNAL, "m").retryable(true).build().isRetryable()).isTrue();
    }

    @Test
    void withContextFillsMissingProviderAndKey() {
        KmsException original = new KmsException(KmsErrorCode.INTEGRITY, "tag mismatch", new RuntimeException("c"));

        KmsException copy = original.withContext("local", KEY);

        assertThat(copy).isNotSameAs(original);
        assertThat(copy.provider()).contains("local");
        assertThat(copy.keyRef()).contains(KEY);
        assertThat(copy.code()).isEqualTo(KmsErrorCode.INTEGRITY);
        assertThat(copy.getMessage()).isEqualTo("tag mismatch");
        assertThat(copy.getCause()).isSameAs(original.getCause());
        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
    }

    @Test
    void withContextKeepsExistingProviderAndKey() {
        KeyRef other = KeyRef.parse("local://other");
        KmsException original = KmsException.builder(KmsErrorCode.NOT_FOUND, "m").provider("aws-kms").keyRef(other).build();

        KmsException copy = original.withContext("local", KEY);

        assertThat(copy).isSameAs(original);
        assertThat(copy.provider()).contains("aws-kms");
        assertThat(copy.keyRef()).contains(other);
    }

    @Test
    void withContextFillsOnlyTheMissingPart() {
        KmsException original = KmsException.builder(KmsErrorCode.NOT_FOUND, "m").provider("aws-kms").build();

        KmsException copy = original.withContext("local", KEY);

        assertThat(copy.provider()).contains("aws-kms");
        assertThat(copy.keyRef()).contains(KEY);
    }

    @Test
    void withContextWithNothingToAddReturnsTheSameException() {
        KmsException original = new KmsException(KmsErrorCode.NOT_FOUND, "m");

        assertThat(original.withContext(null, null)).isSameAs(original);
    }

    @Test
    void withContextKeepsRetryabilityDetailAndSuppressed() {
        KmsException original = KmsException.builder(KmsErrorCode.UNAVAILABLE, "down").retryable(false)
                .providerErrorCode("503").retryAfter(Duration.ofMillis(10)).build();
        IllegalStateException suppressed = new IllegalStateException("s");
        original.addSuppressed(suppressed);

        KmsException copy = original.withContext("vault-transit", null);

        assertThat(copy.isRetryable()).isFalse();
        assertThat(copy.providerErrorCode()).contains("503");
        assertThat(copy.retryAfter()).contains(Duration.ofMillis(10));
        assertThat(copy.getSuppressed()).containsExactly(suppressed);
    }

    @Test
    void toBuilderCopiesEveryField() {
        KmsException original = KmsException.builder(KmsErrorCode.THROTTLED, "m").provider("p").keyRef(KEY)
                .providerErrorCode("c").retryAfter(Duration.ofSeconds(1)).retryable(false).build();

        KmsException copy = original.toBuilder().build();

        assertThat(copy.code()).isEqualTo(original.code());
        assertThat(copy.getMessage()).isEqualTo(original.getMessage());
        assertThat(copy.provider()).isEqualTo(original.provider());
        assertThat(copy.keyRef()).isEqualTo(original.keyRef());
        assertThat(copy.providerErrorCode()).isEqualTo(original.providerErrorCode());
        assertThat(copy.retryAfter()).isEqualTo(original.retryAfter());
        assertThat(copy.isRetryable()).isFalse();
    }

    @Test
    void toStringShowsCodeProviderRetryabilityAndMessage() {
        KmsException e = KmsException.builder(KmsErrorCode.THROTTLED, "slow down").provider("aws-kms")
                .providerErrorCode("ThrottlingException").build();

        assertThat(e.toString()).contains("THROTTLED", "aws-kms", "ThrottlingException", "retryable=true", "slow down");
    }

    @Test
    void builderRejectsNullCodeAndMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KmsException.builder(null, "m"))
                .isInstanceOf(NullPointerException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KmsException.builder(KmsErrorCode.INTERNAL, null))
                .isInstanceOf(NullPointerException.class);
    }
}
