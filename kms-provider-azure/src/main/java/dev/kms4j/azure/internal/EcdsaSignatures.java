package dev.kms4j.azure.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Converts ECDSA signatures between Key Vault's wire format, raw {@code R||S} (IEEE P1363, each
 * half as long as the curve order), and ASN.1 DER {@code SEQUENCE {INTEGER r, INTEGER s}}, the
 * format kms4j promises and {@link java.security.Signature} uses. Hand-written (about forty lines)
 * because the JDK has no public converter and pulling Bouncy Castle into the provider for this
 * alone is not worth it; the DER reader is strict (minimal lengths and integers), so a malformed
 * signature is rejected rather than reinterpreted. Stateless and thread-safe.
 */
final class EcdsaSignatures {
    private EcdsaSignatures() {
    }

    /** DER for a raw {@code R||S} signature; IllegalArgumentException if its length is odd or zero. */
    static byte[] rawToDer(byte[] raw) {
        if (raw.length == 0 || raw.length % 2 != 0 || raw.length > 2 * 66) {
            throw new IllegalArgumentException("raw ECDSA signature has an invalid length");
        }
        int half = raw.length / 2;
        byte[] r = new BigInteger(1, Arrays.copyOfRange(raw, 0, half)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length)).toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeInteger(body, r);
        writeInteger(body, s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        writeLength(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /**
     * Raw {@code R||S}, each half {@code halfLength} bytes, for a DER signature.
     *
     * @throws IllegalArgumentException if the DER is malformed or a value does not fit
     */
    static byte[] derToRaw(byte[] der, int halfLength) {
        int[] pos = {0};
        if (der.length < 8 || der[pos[0]++] != 0x30) {
            throw new IllegalArgumentException("not a DER sequence");
        }
        int seqLength = readLength(der, pos);
        if (pos[0] + seqLength != der.length) {
            throw new IllegalArgumentException("DER sequence length does not match");
        }
        BigInteger r = readInteger(der, pos);
        BigInteger s = readInteger(der, pos);
        if (pos[0] != der.length || r.signum() <= 0 || s.signum() <= 0) {
            throw new IllegalArgumentException("malformed DER signature");
        }
        byte[] raw = new byte[2 * halfLength];
        put(raw, 0, halfLength, r);
        put(raw, halfLength, halfLength, s);
        return raw;
    }

    private static void put(byte[] raw, int offset, int length, BigInteger v) {
        byte[] b = v.toByteArray();
        int start = b.length > 1 && b[0] == 0 ? 1 : 0;
        int n = b.length - start;
        if (n > length) {
            throw new IllegalArgumentException("signature value too large for the curve");
        }
        System.arraycopy(b, start, raw, offset + length - n, n);
    }

    private static void writeInteger(ByteArrayOutputStream out, byte[] value) {
        out.write(0x02);
        writeLength(out, value.length);
        out.writeBytes(value);
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
    }

    private static int readLength(byte[] der, int[] pos) {
        if (pos[0] >= der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int first = der[pos[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        if (first != 0x81 || pos[0] >= der.length) {
            throw new IllegalArgumentException("unsupported DER length");
        }
        int length = der[pos[0]++] & 0xff;
        if (length < 0x80) {
            throw new IllegalArgumentException("non-minimal DER length");
        }
        return length;
    }

    private static BigInteger readInteger(byte[] der, int[] pos) {
        if (pos[0] >= der.length || der[pos[0]++] != 0x02) {
            throw new IllegalArgumentException("expected a DER integer");
        }
        int length = readLength(der, pos);
        if (length == 0 || pos[0] + length > der.length) {
            throw new IllegalArgumentException("truncated DER integer");
        }
        if (length > 1 && der[pos[0]] == 0 && (der[pos[0] + 1] & 0x80) == 0) {
            throw new IllegalArgumentException("non-minimal DER integer");
        }
        BigInteger v = new BigInteger(Arrays.copyOfRange(der, pos[0], pos[0] + length));
        pos[0] += length;
        return v;
    }
}
