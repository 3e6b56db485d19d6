package dev.kms4j.envelope.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsException;
import org.junit.jupiter.api.Test;

class ParsedKeksTest {
    @Test
    void givesTheSameReferenceAsKeyRefParse() {
        ParsedKeks keks = new ParsedKeks();

        assertThat(keks.parse("local://payments#2")).isEqualTo(KeyRef.parse("local://payments#2"));
        assertThat(keks.parse("local://payments#2")).isEqualTo(KeyRef.parse("local://payments#2"));
        assertThat(keks.parse("hcvault://vault:8200/transit/keys/k")).isEqualTo(KeyRef.parse("hcvault://vault:8200/transit/keys/k"));
    }

    @Test
    void refusesMalformedTextsEveryTimeAndDoesNotHoldThem() {
        ParsedKeks keks = new ParsedKeks();

        assertThatThrownBy(() -> keks.parse("no scheme")).isInstanceOf(KmsException.class);
        assertThatThrownBy(() -> keks.parse("no scheme")).isInstanceOf(KmsException.class);
        assertThat(keks.size()).isZero();
    }

    @Test
    void staysBoundedWhateverTheHeadersName() {
        ParsedKeks keks = new ParsedKeks();

        for (int i = 0; i < 5 * ParsedKeks.MAX_ENTRIES; i++) {
            keks.parse("local://made-up-" + i);
        }

        assertThat(keks.size()).isLessThanOrEqualTo(ParsedKeks.MAX_ENTRIES);
        assertThat(keks.parse("local://made-up-1")).isEqualTo(KeyRef.parse("local://made-up-1"));
    }
}
