package dev.kms4j.server.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Strict JSON parsing and the hand-built base64 answers. */
class JsonBodiesTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void base64ObjectIsValidJsonWithThePaddedEncoding() {
        assertThat(new String(JsonBodies.base64Object("plaintext", utf8("hi")), StandardCharsets.UTF_8))
                .isEqualTo("{\"plaintext\":\"aGk=\"}");
    }

    @Test
    void aParseErrorMessageDoesNotQuoteTheBody() {
        assertThatThrownBy(() -> JsonBodies.parseObject(utf8("{\"plaintext\":\"c2VjcmV0\" oops")))
                .isInstanceOf(KmsException.class).message().doesNotContain("c2VjcmV0");
    }

    @Test
    void aBadBase64MessageDoesNotQuoteTheValue() {
        var object = JsonBodies.parseObject(utf8("{\"plaintext\":\"c2Vj*cmV0\"}"));

        assertThatThrownBy(() -> JsonBodies.requireBase64(object, "plaintext"))
                .isInstanceOf(KmsException.class).message().doesNotContain("c2Vj");
    }

    @Test
    void singleQuotedStringsAreRefused() {
        assertThatThrownBy(() -> JsonBodies.parseObject(utf8("{\"thread_id\":'t1'}"))).isInstanceOf(KmsException.class);
    }

    @Test
    void aNullFieldCountsAsMissing() {
        var object = JsonBodies.parseObject(utf8("{\"thread_id\":null}"));

        assertThatThrownBy(() -> JsonBodies.requireString(object, "thread_id")).isInstanceOf(KmsException.class)
                .hasMessageContaining("required");
    }
}
