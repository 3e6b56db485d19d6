package dev.kms4j.envelope.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HmacSha256Test {
    @Test
    void expandMatchesRfc5869TestCase3() {
        // RFC 5869 A.3 (SHA-256, empty info): PRK and the first 32 bytes of the OKM.
        byte[] prk = HexFormat.of().parseHex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
        assertThat(HexFormat.of().formatHex(HmacSha256.expand32(prk, new byte[0])))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
    }

    @Test
    void expandMatchesRfc5869TestCase1() {
        // RFC 5869 A.1: PRK, info f0..f9, first 32 bytes of the 42-byte OKM.
        byte[] prk = HexFormat.of().parseHex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        byte[] info = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertThat(HexFormat.of().formatHex(HmacSha256.expand32(prk, info)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
    }
}
