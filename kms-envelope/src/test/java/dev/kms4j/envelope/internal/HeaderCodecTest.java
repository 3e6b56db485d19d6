package dev.kms4j.envelope.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsException;
import dev.kms4j.WrappedKey;
import dev.kms4j.envelope.PayloadAlgorithm;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The array fast path and the stream reader agree on every input, good or bad. */
class HeaderCodecTest {
    private static byte[] header() {
        byte[] fixed = HeaderCodec.fixedFields(PayloadAlgorithm.AES_256_GCM_HKDF_STREAMING, 4096);
        byte[] untagged = HeaderCodec.encodeUntagged(fixed, List.of(
                WrappedKey.of(KeyRef.parse("local://a#1"), new byte[] {1, 2, 3}),
                WrappedKey.of(KeyRef.parse("aws-kms://arn:aws:kms:eu-west-1:111122223333:key/k"), new byte[40])));
        byte[] out = Arrays.copyOf(untagged, untagged.length + HeaderCodec.TAG_LENGTH + 5);
        return out;
    }

    @Test
    void parsesWhatItWrote() {
        ParsedHeader h = HeaderCodec.parse(header());
        assertThat(h.entries()).extracting(WrappedKey::kek).extracting(KeyRef::toUri)
                .containsExactly("local://a#1", "aws-kms://arn:aws:kms:eu-west-1:111122223333:key/k");
        assertThat(h.segmentSize()).isEqualTo(4096);
        assertThat(h.length()).isEqualTo(header().length - 5);
    }

    @Test
    void arrayAndStreamReadersAgreeOnMutations() throws Exception {
        Random random = new Random(7);
        byte[] good = header();
        for (int i = 0; i < 3000; i++) {
            byte[] bad = good.clone();
            bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            if (random.nextBoolean()) {
                bad = Arrays.copyOf(bad, random.nextInt(bad.length));
            }
            Object fromArray;
            Object fromStream;
            try {
                fromArray = describe(HeaderCodec.parse(bad));
            } catch (KmsException e) {
                fromArray = e.code();
            }
            try {
                fromStream = describe(HeaderCodec.read(new ByteArrayInputStream(bad)));
            } catch (KmsException e) {
                fromStream = e.code();
            }
            assertThat(fromArray).as("mutation %d", i).isEqualTo(fromStream);
        }
    }

    @Test
    void nonUtf8KekUriIsIntegrity() {
        byte[] bad = header();
        bad[13] = (byte) 0xff; // inside the first URI
        assertThatThrownBy(() -> HeaderCodec.parse(bad)).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(dev.kms4j.KmsErrorCode.INTEGRITY));
    }

    private static String describe(ParsedHeader h) {
        return h.algorithm() + "/" + h.segmentSize() + "/" + h.entries() + "/" + Arrays.toString(h.bytes());
    }
}
