package dev.kms4j.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesNestedValues() {
        Object v = Json.parse("{\"a\":[1,true,null,\"x\\u0041\\n\"],\"b\":{\"c\":-1.5e2}}");
        assertThat(v).isEqualTo(Map.of("a", java.util.Arrays.asList(new BigDecimal("1"), true, null, "xA\n"),
                "b", Map.of("c", new BigDecimal("-1.5e2"))));
    }

    @Test
    void writesWhatItParses() {
        String text = "{\"k\":\"q\\\"uote\",\"n\":[1,2],\"t\":false}";
        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }

    @Test
    void writesControlCharactersEscaped() {
        assertThat(Json.write(List.of("\u0001"))).isEqualTo("[\"\\u0001\"]");
    }

    @Test
    void rejectsMalformedInput() {
        assertThatThrownBy(() -> Json.parse("{\"a\":}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{} x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("\"open")).isInstanceOf(IllegalArgumentException.class);
    }
}
