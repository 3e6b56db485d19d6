package dev.kms4j.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantTest {
    private static String render(Instant instant) {
        StringBuilder sb = new StringBuilder();
        IsoInstant.append(sb, instant);
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2026-11-23T18:31:32.123456Z",
        "2000-02-29T12:00:00.100Z", "1900-03-01T00:00:00.000001Z", "2100-12-31T23:59:59Z",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T00:00:00.000000001Z",
    })
    void rendersBoundaryInstantsLikeTheJdk(String text) {
        Instant instant = Instant.parse(text);

        assertThat(render(instant)).isEqualTo(instant.toString());
    }

    @Test
    void rendersYearsOutsideFourDigitsLikeTheJdk() {
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        Instant before = Instant.parse("-0001-12-31T23:59:59.5Z");

        assertThat(render(far)).isEqualTo(far.toString());
        assertThat(render(before)).isEqualTo(before.toString());
    }

    @Test
    void rendersOneHundredThousandRandomInstantsLikeTheJdk() {
        SplittableRandom random = new SplittableRandom(20261123);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);

            assertThat(render(instant)).as("epoch second %d nano %d", seconds, nanos).isEqualTo(instant.toString());
        }
    }
}
