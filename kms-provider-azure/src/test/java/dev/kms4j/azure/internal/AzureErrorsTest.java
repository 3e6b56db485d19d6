package dev.kms4j.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class AzureErrorsTest {
    private static final KeyRef REF = KeyRef.of("azure-kv", "vault.vault.azure.net/k");

    private static final class Response extends HttpResponse {
        private final int status;
        private final HttpHeaders headers = new HttpHeaders();
        private final String body;

        Response(int status, Map<String, String> headers, String body) {
            super(new HttpRequest(HttpMethod.GET, "https://vault.vault.azure.net/keys/k"));
            this.status = status;
            headers.forEach(this.headers::set);
            this.body = body;
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public String getHeaderValue(String name) {
            return headers.getValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.just(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just(body);
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just(body);
        }
    }

    private static KmsException translate(int status, String code, String inner, Map<String, String> headers) {
        String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"secret-looking text\""
                + (inner == null ? "" : ",\"innererror\":{\"code\":\"" + inner + "\"}") + "}}";
        HttpResponseException e = new HttpResponseException("Status code " + status + ", \"" + body + "\"",
                new Response(status, headers, body), null);
        return AzureErrors.translate("sign", REF, e);
    }

    @ParameterizedTest(name = "{0} {1}/{2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "404, KeyNotFound, -, NOT_FOUND",
            "401, Unauthorized, -, UNAUTHENTICATED",
            "403, Forbidden, -, PERMISSION_DENIED",
            "403, Forbidden, ForbiddenByRbac, PERMISSION_DENIED",
            "403, Forbidden, KeyDisabled, INVALID_KEY_STATE",
            "403, Forbidden, KeyOperationForbidden, UNSUPPORTED",
            "400, BadParameter, -, INVALID_ARGUMENT",
            "409, Conflict, -, ALREADY_EXISTS",
            "409, Conflict, ObjectIsBeingDeleted, INVALID_KEY_STATE",
            "429, Throttled, -, THROTTLED",
            "500, InternalServerError, -, UNAVAILABLE",
            "503, ServiceUnavailable, -, UNAVAILABLE",
            "504, GatewayTimeout, -, TIMEOUT",
            "408, RequestTimeout, -, TIMEOUT"})
    void mapsStatusAndKeyVaultCodes(int status, String code, String inner, KmsErrorCode expected) {
        KmsException e = translate(status, code, inner, Map.of());

        assertThat(e.code()).isEqualTo(expected);
        assertThat(e.providerErrorCode()).contains(inner != null ? inner : code);
        assertThat(e.keyRef()).contains(REF);
    }

    @Test
    void throttlingCarriesRetryAfterAndIsRetryable() {
        KmsException e = translate(429, "Throttled", null, Map.of("Retry-After", "7"));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterInMillisecondsWins() {
        KmsException e = translate(429, "Throttled", null, Map.of("retry-after-ms", "250", "Retry-After", "7"));

        assertThat(e.retryAfter()).contains(Duration.ofMillis(250));
    }

    @Test
    void keyVaultMessageTextIsLeftOut() {
        KmsException e = translate(400, "BadParameter", null, Map.of("x-ms-request-id", "req-1"));

        assertThat(e.getMessage()).doesNotContain("secret-looking text").contains("BadParameter", "req-1", "sign");
    }

    @Test
    void socketTimeoutIsATimeout() {
        KmsException e = AzureErrors.translate("sign", REF,
                new UncheckedIOException(new SocketTimeoutException("read timed out")));

        assertThat(e.code()).isEqualTo(KmsErrorCode.TIMEOUT);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void ioFailureIsUnavailable() {
        KmsException e = AzureErrors.translate("sign", REF,
                new UncheckedIOException(new java.io.IOException("connection reset")));

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void credentialFailureWithoutResponseIsUnauthenticated() {
        KmsException e = AzureErrors.translate("sign", REF, new ClientAuthenticationException("no token", null));

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
    }

    @Test
    void anythingElseIsInternal() {
        assertThat(AzureErrors.translate("sign", REF, new IllegalStateException("x")).code())
                .isEqualTo(KmsErrorCode.INTERNAL);
    }
}
