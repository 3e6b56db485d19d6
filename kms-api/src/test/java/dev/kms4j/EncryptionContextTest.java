package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptionContextTest {

    @Test
    void contextsWithSamePairsInDifferentOrderAreEqual() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");

        EncryptionContext first = EncryptionContext.of(ab);
        EncryptionContext second = EncryptionContext.of(ba);

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(first.toAad()).isEqualTo(second.toAad());
    }

    @Test
    void asMapIsSortedByName() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("zeta", "1");
        source.put("alpha", "2");

        assertThat(EncryptionContext.of(source).asMap().keySet()).containsExactly("alpha", "zeta");
    }

    @Test
    void toAadIsLengthPrefixedBigEndianEncoding() {
        byte[] aad = EncryptionContext.of("a", "bc").toAad();

        assertThat(aad).containsExactly(
                0, 0, 0, 1,
                0, 0, 0, 1, 'a',
                0, 0, 0, 2, 'b', 'c');
    }

    @Test
    void emptyContextEncodesAsFourZeroBytes() {
        assertThat(EncryptionContext.empty().toAad()).containsExactly(0, 0, 0, 0);
        assertThat(EncryptionContext.of(Map.of())).isSameAs(EncryptionContext.empty());
        assertThat(EncryptionContext.empty().isEmpty()).isTrue();
    }

    @Test
    void toAadEncodesNamesAndValuesAsUtf8() {
        byte[] aad = EncryptionContext.of("é", "x").toAad();

        assertThat(aad).containsExactly(0, 0, 0, 1, 0, 0, 0, 2, (byte) 0xC3, (byte) 0xA9, 0, 0, 0, 1, 'x');
    }

    @Test
    void toAadDistinguishesWhereNameEndsAndValueStarts() {
        assertThat(EncryptionContext.of("a", "bc").toAad())
                .isNotEqualTo(EncryptionContext.of("ab", "c").toAad());
    }

    @Test
    void toAadDistinguishesOnePairFromTwo() {
        Map<String, String> two = new HashMap<>();
        two.put("a", "b");
        two.put("c", "d");

        assertThat(EncryptionContext.of(two).toAad())
                .isNotEqualTo(EncryptionContext.of("a", "b\u0000\u0000\u0000\u0001c").toAad());
    }

    @Test
    void toAadDistinguishesEmptyValueFromEmptyContext() {
        assertThat(EncryptionContext.of("a", "").toAad()).isNotEqualTo(EncryptionContext.empty().toAad());
    }

    @Test
    void contextIsACopyOfTheGivenMap() {
        Map<String, String> source = new HashMap<>();
        source.put("tenant", "acme");
        EncryptionContext context = EncryptionContext.of(source);

        source.put("tenant", "evil");

        assertThat(context.asMap()).containsEntry("tenant", "acme");
    }

    @Test
    void asMapIsUnmodifiable() {
        EncryptionContext context = EncryptionContext.of("tenant", "acme");

        assertThatThrownBy(() -> context.asMap().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void acceptsMaximumNumberOfEntries() {
        assertThat(EncryptionContext.of(entries(EncryptionContext.MAX_ENTRIES)).asMap())
                .hasSize(EncryptionContext.MAX_ENTRIES);
    }

    @Test
    void rejectsTooManyEntries() {
        assertInvalid(() -> EncryptionContext.of(entries(EncryptionContext.MAX_ENTRIES + 1)));
    }

    @Test
    void acceptsMaximumTotalBytes() {
        String value = "v".repeat(EncryptionContext.MAX_TOTAL_BYTES - 1);

        assertThat(EncryptionContext.of("n", value).asMap()).containsEntry("n", value);
    }

    @Test
    void rejectsTooManyTotalBytesWithoutShowingTheValue() {
        String value = "secretish".repeat(EncryptionContext.MAX_TOTAL_BYTES / 9 + 1);

        assertThatThrownBy(() -> EncryptionContext.of("n", value))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).doesNotContain("secretish");
                });
    }

    @Test
    void countsTotalSizeInUtf8Bytes() {
        // 4096 two-byte characters plus a one-byte name: 8193 UTF-8 bytes in only 4097 chars.
        String value = "é".repeat(EncryptionContext.MAX_TOTAL_BYTES / 2);

        assertInvalid(() -> EncryptionContext.of("n", value));
    }

    @Test
    void rejectsEmptyName() {
        assertInvalid(() -> EncryptionContext.of("", "v"));
    }

    @Test
    void rejectsNullName() {
        Map<String, String> map = new HashMap<>();
        map.put(null, "v");

        assertInvalid(() -> EncryptionContext.of(map));
    }

    @Test
    void rejectsNullValue() {
        Map<String, String> map = new HashMap<>();
        map.put("n", null);

        assertInvalid(() -> EncryptionContext.of(map));
    }

    @Test
    void singlePairWithNullNameOrValueIsInvalidArgument() {
        assertInvalid(() -> EncryptionContext.of(null, "v"));
        assertInvalid(() -> EncryptionContext.of("n", null));
    }

    @Test
    void toStringShowsNamesButNoValues() {
        Map<String, String> map = new HashMap<>();
        map.put("tenant", "acme-corp-value");
        map.put("purpose", "billing-value");

        String shown = EncryptionContext.of(map).toString();

        assertThat(shown).contains("tenant", "purpose").doesNotContain("acme-corp-value", "billing-value");
    }

    @Test
    void differentValuesMakeDifferentContexts() {
        assertThat(EncryptionContext.of("tenant", "a")).isNotEqualTo(EncryptionContext.of("tenant", "b"));
    }

    private static Map<String, String> entries(int n) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < n; i++) {
            map.put("k" + i, "v");
        }
        return map;
    }

    private static void assertInvalid(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(KmsException.class,
                        e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }
}
