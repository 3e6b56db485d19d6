package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class KmsOperationTest {
    private static final Set<String> MANAGER_METHODS = Arrays.stream(KmsManager.class.getMethods())
            .map(Method::getName).collect(Collectors.toSet());

    @ParameterizedTest
    @EnumSource(KmsOperation.class)
    void eachOperationNamesAKmsManagerMethod(KmsOperation op) {
        assertThat(MANAGER_METHODS).contains(op.methodName());
    }

    @ParameterizedTest
    @EnumSource(KmsOperation.class)
    void bothSpellingsParseToTheOperation(KmsOperation op) {
        assertThat(KmsOperation.parse(op.name())).isEqualTo(op);
        assertThat(KmsOperation.parse(op.methodName().toUpperCase(java.util.Locale.ROOT))).isEqualTo(op);
        assertThat(KmsOperation.parse(op.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))).isEqualTo(op);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fly", "sign verify"})
    void anUnknownNameIsInvalidArgument(String name) {
        assertThatThrownBy(() -> KmsOperation.parse(name)).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }
}
