package dev.kms4j.bench;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.envelope.Envelope;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 1 KiB with a fresh DEK per message under a local KEK: the kms4j envelope next to Tink's own
 * {@code KmsEnvelopeAead} (AES-256-GCM DEKs) whose "remote" {@link Aead} is a minimal adapter
 * calling the same local key through {@code KmsManager.encrypt/decrypt}. Issue row: "faster than
 * Tink KmsEnvelopeAead with the same KEK". Empty context on both sides (Tink's envelope has
 * associated data only for the payload; the adapter passes none to the KEK).
 *
 * <p>The {@code ...Decrypt} methods decrypt one message over and over, so the JCE's AES key
 * schedule for its DEK stays expanded in the per-thread {@code Cipher} between calls (on JDK 17,
 * expanding a new AES key costs about 1 µs). The {@code ...DecryptDistinct} methods decrypt
 * {@value #DISTINCT} different messages in turn, each with its own DEK, as real traffic does; both
 * sides then pay the key expansion on every call.
 *
 * <p>Thread safety: everything is shared by the benchmark threads; both envelopes are thread-safe. The
 * counter that picks the next distinct message is not synchronised on purpose: with two threads a
 * lost update only repeats a message now and then.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class EnvelopeVsTinkKmsEnvelopeBenchmark {
    private byte[] plaintext;
    private KmsManager kms;
    private Envelope envelope;
    private Aead tink;
    private byte[] envelopeCiphertext;
    private byte[] tinkCiphertext;
    private static final byte[] NO_AAD = new byte[0];
    static final int DISTINCT = 1024;
    private byte[][] envelopeDistinct;
    private byte[][] tinkDistinct;
    private int next;

    /** The smallest Tink {@link Aead} over a kms4j key: what a Tink user would write by hand. */
    static final class KmsManagerAead implements Aead {
        private final KmsManager kms;
        private final KeyRef key;

        KmsManagerAead(KmsManager kms, KeyRef key) {
            this.kms = kms;
            this.key = key;
        }

        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
            try {
                return kms.encrypt(key, plaintext, EncryptionContext.empty());
            } catch (KmsException e) {
                throw new GeneralSecurityException(e.code().name());
            }
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            try {
                return kms.decrypt(key, ciphertext, EncryptionContext.empty());
            } catch (KmsException e) {
                throw new GeneralSecurityException(e.code().name());
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        AeadConfig.register();
        plaintext = LocalKms.randomBytes(1024);
        kms = LocalKms.inMemory();
        KeyRef kek = kms.createKey(KeyRef.parse("local://bench-envelope-vs-tink"), KeySpec.AES_256);
        envelope = Envelope.builder(kms).kek(kek).build();
        tink = KmsEnvelopeAead.create(PredefinedAeadParameters.AES256_GCM, new KmsManagerAead(kms, kek));
        envelopeCiphertext = envelope.encrypt(plaintext, EncryptionContext.empty());
        tinkCiphertext = tink.encrypt(plaintext, NO_AAD);
        Checks.require(MessageDigest.isEqual(kms4jEnvelopeDecrypt(), plaintext), "envelope round trip");
        Checks.require(MessageDigest.isEqual(tinkKmsEnvelopeDecrypt(), plaintext), "Tink KmsEnvelopeAead round trip");
        envelopeDistinct = new byte[DISTINCT][];
        tinkDistinct = new byte[DISTINCT][];
        for (int i = 0; i < DISTINCT; i++) {
            envelopeDistinct[i] = envelope.encrypt(plaintext, EncryptionContext.empty());
            tinkDistinct[i] = tink.encrypt(plaintext, NO_AAD);
        }
        Checks.require(MessageDigest.isEqual(kms4jEnvelopeDecryptDistinct(), plaintext), "envelope distinct round trip");
        Checks.require(MessageDigest.isEqual(tinkKmsEnvelopeDecryptDistinct(), plaintext), "Tink distinct round trip");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kms.close();
    }

    @Benchmark
    public byte[] kms4jEnvelopeEncrypt() {
        return envelope.encrypt(plaintext, EncryptionContext.empty());
    }

    @Benchmark
    public byte[] kms4jEnvelopeDecrypt() {
        return envelope.decrypt(envelopeCiphertext, EncryptionContext.empty());
    }

    /** Decrypts the next of {@value #DISTINCT} messages, each under its own DEK. */
    @Benchmark
    public byte[] kms4jEnvelopeDecryptDistinct() {
        return envelope.decrypt(envelopeDistinct[next++ & (DISTINCT - 1)], EncryptionContext.empty());
    }

    /** Decrypts the next of {@value #DISTINCT} Tink messages, each under its own DEK. */
    @Benchmark
    public byte[] tinkKmsEnvelopeDecryptDistinct() throws GeneralSecurityException {
        return tink.decrypt(tinkDistinct[next++ & (DISTINCT - 1)], NO_AAD);
    }

    @Benchmark
    public byte[] tinkKmsEnvelopeEncrypt() throws GeneralSecurityException {
        return tink.encrypt(plaintext, NO_AAD);
    }

    @Benchmark
    public byte[] tinkKmsEnvelopeDecrypt() throws GeneralSecurityException {
        return tink.decrypt(tinkCiphertext, NO_AAD);
    }
}
