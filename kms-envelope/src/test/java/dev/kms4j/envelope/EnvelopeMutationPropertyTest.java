package dev.kms4j.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random mutations (bit flips, truncations, insertions, byte overwrites, anywhere in
 * header or payload): each must give a typed error, never a plaintext and never another exception.
 * A DEK cache on the decrypting envelope keeps the run fast (the header tag is still checked on
 * every message). Seeded, so a failure is reproducible.
 */
class EnvelopeMutationPropertyTest {
    private static final int MUTATIONS = 3000;
    /** Codes a mutated message may give: tampering, unknown version/algorithm, or an altered KEK reference. */
    private static final Set<KmsErrorCode> EXPECTED = EnumSet.of(KmsErrorCode.INTEGRITY, KmsErrorCode.UNSUPPORTED,
            KmsErrorCode.NOT_FOUND, KmsErrorCode.INVALID_ARGUMENT);
    private static TestKms test;
    private static Envelope envelope;
    private static final EncryptionContext CTX = EncryptionContext.of("k", "v");

    @BeforeAll
    static void setUp() {
        test = new TestKms();
        envelope = Envelope.builder(test.kms).kek(test.localKek()).kek(test.backupKek()).segmentSize(1024)
                .dekCache(DekCacheOptions.builder().maxAge(java.time.Duration.ofMinutes(5)).build())
                .build();
    }

    @AfterAll
    static void tearDown() {
        test.close();
    }

    @Test
    void mutatedOneShotMessagesNeverDecrypt() {
        Random random = new Random(0x5eed);
        byte[] ct = envelope.encrypt("one-shot plaintext".getBytes(), CTX);
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] bad = mutate(ct, random);
            try {
                envelope.decrypt(bad, CTX);
                fail("mutation " + i + " decrypted");
            } catch (KmsException e) {
                assertThat(EXPECTED).as("mutation %d: %s", i, e).contains(e.code());
            }
        }
    }

    @Test
    void mutatedStreamingMessagesNeverReleaseWrongPlaintext() throws IOException {
        Random random = new Random(0xfeed);
        byte[] pt = new byte[3000];
        random.nextBytes(pt);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = envelope.encryptingStream(out, CTX)) {
            enc.write(pt);
        }
        byte[] ct = out.toByteArray();
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] bad = mutate(ct, random);
            ByteArrayOutputStream released = new ByteArrayOutputStream();
            try (InputStream in = envelope.decryptingStream(new ByteArrayInputStream(bad), CTX)) {
                in.transferTo(released);
                fail("mutation " + i + " decrypted");
            } catch (KmsException e) {
                assertThat(EXPECTED).as("mutation %d: %s", i, e).contains(e.code());
            } catch (IOException e) {
                assertThat(e.getCause()).as("mutation %d", i).isInstanceOf(KmsException.class);
                assertThat(((KmsException) e.getCause()).code()).isEqualTo(KmsErrorCode.INTEGRITY);
            }
            // Whatever was released before the failure is a true prefix of the plaintext.
            byte[] got = released.toByteArray();
            assertThat(got).as("mutation %d", i).isEqualTo(Arrays.copyOf(pt, got.length));
        }
    }

    static byte[] mutate(byte[] ct, Random random) {
        switch (random.nextInt(4)) {
            case 0: {
                byte[] b = ct.clone();
                b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                return b;
            }
            case 1:
                return Arrays.copyOf(ct, random.nextInt(ct.length));
            case 2: {
                int at = random.nextInt(ct.length + 1);
                int n = 1 + random.nextInt(8);
                byte[] b = new byte[ct.length + n];
                System.arraycopy(ct, 0, b, 0, at);
                for (int i = 0; i < n; i++) {
                    b[at + i] = (byte) random.nextInt(256);
                }
                System.arraycopy(ct, at, b, at + n, ct.length - at);
                return b;
            }
            default: {
                byte[] b = ct.clone();
                int at = random.nextInt(b.length);
                byte old = b[at];
                do {
                    b[at] = (byte) random.nextInt(256);
                } while (b[at] == old);
                return b;
            }
        }
    }
}
