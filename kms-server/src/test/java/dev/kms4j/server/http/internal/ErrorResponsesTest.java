package dev.kms4j.server.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Status per KmsErrorCode and the JSON error body. */
class ErrorResponsesTest {
    @ParameterizedTest
    @CsvSource({"INVALID_ARGUMENT,400", "INTEGRITY,400", "UNAUTHENTICATED,401", "PERMISSION_DENIED,403",
            "NOT_FOUND,404", "ALREADY_EXISTS,409", "INVALID_KEY_STATE,409", "THROTTLED,429", "UNSUPPORTED,501",
            "UNAVAILABLE,503", "TIMEOUT,504", "INTERNAL,500"})
    void eachCodeHasItsStatus(KmsErrorCode code, int status) {
        assertThat(ErrorResponses.statusOf(code)).isEqualTo(status);
    }

    private static JsonObject body(EndpointResponse response) {
        return JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void theBodyNamesTheCodeAndCarriesTheMessage() {
        EndpointResponse response = ErrorResponses.of(new KmsException(KmsErrorCode.NOT_FOUND, "entity 't1' has no DEK"));

        assertThat(body(response).get("error").getAsString()).isEqualTo("NOT_FOUND");
        assertThat(body(response).get("message").getAsString()).isEqualTo("entity 't1' has no DEK");
    }

    @Test
    void internalErrorsNeverPassTheirMessageOn() {
        EndpointResponse response = ErrorResponses.of(new KmsException(KmsErrorCode.INTERNAL, "/var/lib/kms/deks: disk full"));

        assertThat(body(response).get("message").getAsString()).isEqualTo(ErrorResponses.INTERNAL_MESSAGE);
    }

    @Test
    void retryAfterIsCarriedOver() {
        KmsException throttled = KmsException.builder(KmsErrorCode.THROTTLED, "slow down")
                .retryAfter(Duration.ofSeconds(3)).build();

        assertThat(ErrorResponses.of(throttled).retryAfter()).hasValue(Duration.ofSeconds(3));
    }
}
