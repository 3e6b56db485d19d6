package dev.kms4j.envelope.internal;

import com.google.crypto.tink.aead.internal.InsecureNonceAesGcmJce;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import dev.kms4j.envelope.PayloadAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plaintext DEK and the keys derived from it for one payload algorithm. <strong>Secret.</strong>
 *
 * <p>The DEK is used only as an HMAC-SHA256 key, with distinct input labels: once to derive the
 * payload key (HKDF-SHA256-Expand) and once per header for the header tag. It never keys a cipher
 * directly.
 *
 * <p>Reference-counted so that a cache can evict an entry while other threads are still
 * encrypting with it: the creator holds one reference, every user {@link #acquire()}s one and
 * {@link #release()}s it when done, and the bytes are zeroed when the last reference goes. We
 * chose counting over handing out copies because a copy per message would cost an allocation on
 * the hot path and would leave copies we could not zero on eviction. A reference that fails to
 * {@link #acquire()} means the material is already being zeroed; callers treat that as a miss.
 *
 * <p>The Tink/JCE primitives keep their own copies of the derived keys (a {@code SecretKeySpec},
 * the cipher's key schedule) which Java cannot wipe; they are dropped with this object.
 *
 * <p>Thread-safe. {@link #toString()} shows no key material.
 */
public final class DekMaterial {
    /** DEK length: AES-256. */
    public static final int DEK_LENGTH = 32;
    /**
     * Prefix of the header tag's HMAC input. The tag is HMAC-SHA256 keyed by the DEK itself; this
     * label and the payload-key labels differ within their first 19 bytes, so an HMAC input of one
     * use can never equal one of the other (domain separation, as HKDF's info does).
     */
    static final byte[] TAG_LABEL = "kms4j envelope v1 header tag".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GCM_LABEL = "kms4j envelope v1 payload aes-256-gcm".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM_LABEL = "kms4j envelope v1 payload aes-256-gcm-hkdf".getBytes(StandardCharsets.US_ASCII);

    private final byte[] dek;
    private final byte[] payloadKey;
    private final InsecureNonceAesGcmJce gcm;
    private final AesGcmHkdfStreaming streaming;
    private final AtomicInteger references = new AtomicInteger(1);

    private DekMaterial(byte[] dek, byte[] payloadKey, InsecureNonceAesGcmJce gcm, AesGcmHkdfStreaming streaming) {
        this.dek = dek;
        this.payloadKey = payloadKey;
        this.gcm = gcm;
        this.streaming = streaming;
    }

    /**
     * Derives the keys for {@code algorithm} from a copy of {@code dek}; the caller keeps (and
     * zeroes) its array. The result holds one reference, owned by the caller.
     */
    public static DekMaterial derive(byte[] dek, PayloadAlgorithm algorithm, int segmentSize) {
        if (dek.length != DEK_LENGTH) {
            throw Errors.integrity("data key has the wrong length");
        }
        // HKDF-Expand with the DEK as the pseudorandom key: the DEK is already 32 uniformly random
        // bytes, so HKDF-Extract adds nothing (RFC 5869, section 3.3) and would cost one more HMAC
        // per message on the fresh-DEK path.
        byte[] payloadKey = HmacSha256.expand32(dek, algorithm.isStreaming() ? STREAM_LABEL : GCM_LABEL);
        try {
            if (algorithm.isStreaming()) {
                AesGcmHkdfStreaming s = new AesGcmHkdfStreaming(payloadKey, "HmacSha256", 32, segmentSize, 0);
                return new DekMaterial(dek.clone(), payloadKey, null, s);
            }
            return new DekMaterial(dek.clone(), payloadKey, new InsecureNonceAesGcmJce(payloadKey), null);
        } catch (GeneralSecurityException e) {
            zero(payloadKey);
            throw Errors.internal("could not derive payload keys", e);
        }
    }

    private static void zero(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** Takes one more reference; false if the material is already zeroed (treat as a cache miss). */
    public boolean acquire() {
        while (true) {
            int r = references.get();
            if (r <= 0) {
                return false;
            }
            if (references.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Drops one reference; the last one zeroes the key bytes. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            zero(dek);
            zero(payloadKey);
        }
    }

    /** Whether the key bytes have been zeroed (no references left). For tests and assertions. */
    public boolean isZeroed() {
        return references.get() <= 0;
    }

    /** Current references; for tests. */
    public int references() {
        return references.get();
    }

    /** A copy of the DEK, for wrapping it under other KEKs (re-wrap). Secret: zero it after use. */
    public byte[] copyDek() {
        return dek.clone();
    }

    /** Whether every key byte is zero; for tests of zeroing. */
    public boolean allKeyBytesZero() {
        for (byte[] a : new byte[][] {dek, payloadKey}) {
            for (byte b : a) {
                if (b != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The DEK, which keys the header tag; shared, never modified by callers. */
    byte[] tagKey() {
        return dek;
    }

    /** The one-shot AEAD; null for streaming material. */
    public InsecureNonceAesGcmJce gcm() {
        return gcm;
    }

    /** The streaming AEAD; null for one-shot material. */
    public AesGcmHkdfStreaming streaming() {
        return streaming;
    }

    @Override
    public String toString() {
        return "DekMaterial{redacted, references=" + references.get() + "}";
    }
}
