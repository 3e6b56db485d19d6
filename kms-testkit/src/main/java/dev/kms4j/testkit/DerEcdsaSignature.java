package dev.kms4j.testkit;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * A strictly parsed ECDSA signature in ASN.1 DER, {@code SEQUENCE { r INTEGER, s INTEGER }}, the
 * format {@link java.security.Signature} produces and the one kms4j guarantees on every provider.
 *
 * <p>Parsing is strict, because a provider that passes on another format (IEEE P1363 {@code r||s},
 * as some cloud wire protocols use) or on lax BER must fail the contract: definite minimal
 * lengths, minimal positive integers, nothing after the sequence. Hand-written rather than taken
 * from Bouncy Castle so the testkit depends on kms-api and JUnit only. Immutable and thread-safe;
 * signatures are not secret.
 */
public final class DerEcdsaSignature {
    private final BigInteger r;
    private final BigInteger s;

    private DerEcdsaSignature(BigInteger r, BigInteger s) {
        this.r = r;
        this.s = s;
    }

    /**
     * Parses a DER signature.
     *
     * @throws IllegalArgumentException naming what is wrong if {@code der} is not strict DER
     */
    public static DerEcdsaSignature parse(byte[] der) {
        Objects.requireNonNull(der, "der");
        Reader in = new Reader(der);
        in.expectTag(0x30, "SEQUENCE");
        int length = in.readLength();
        if (length != in.remaining()) {
            throw new IllegalArgumentException("SEQUENCE length " + length + " does not match the "
                    + in.remaining() + " bytes that follow");
        }
        BigInteger r = in.readPositiveInteger("r");
        BigInteger s = in.readPositiveInteger("s");
        if (in.remaining() != 0) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the two INTEGERs");
        }
        return new DerEcdsaSignature(r, s);
    }

    /** The {@code r} component. */
    public BigInteger r() {
        return r;
    }

    /** The {@code s} component. */
    public BigInteger s() {
        return s;
    }

    @Override
    public String toString() {
        return "DerEcdsaSignature{r=" + r.bitLength() + " bits, s=" + s.bitLength() + " bits}";
    }

    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int remaining() {
            return buf.length - pos;
        }

        int next(String what) {
            if (pos >= buf.length) {
                throw new IllegalArgumentException("truncated before " + what);
            }
            return buf[pos++] & 0xFF;
        }

        void expectTag(int tag, String name) {
            int actual = next(name + " tag");
            if (actual != tag) {
                throw new IllegalArgumentException(String.format("expected %s tag 0x%02x at offset %d, found 0x%02x",
                        name, tag, pos - 1, actual));
            }
        }

        int readLength() {
            int first = next("length");
            if (first < 0x80) {
                return first;
            }
            int count = first & 0x7F;
            if (count == 0 || count > 2) {
                throw new IllegalArgumentException("unsupported or indefinite length form 0x" + Integer.toHexString(first));
            }
            int length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | next("length byte");
            }
            if (length < 0x80 || (count == 2 && length < 0x100)) {
                throw new IllegalArgumentException("length " + length + " is not minimally encoded");
            }
            return length;
        }

        BigInteger readPositiveInteger(String name) {
            expectTag(0x02, "INTEGER " + name);
            int length = readLength();
            if (length == 0 || length > remaining()) {
                throw new IllegalArgumentException("INTEGER " + name + " has bad length " + length);
            }
            byte[] value = Arrays.copyOfRange(buf, pos, pos + length);
            pos += length;
            if ((value[0] & 0x80) != 0) {
                throw new IllegalArgumentException("INTEGER " + name + " is negative");
            }
            if (length > 1 && value[0] == 0 && (value[1] & 0x80) == 0) {
                throw new IllegalArgumentException("INTEGER " + name + " has a superfluous leading zero");
            }
            BigInteger v = new BigInteger(value);
            if (v.signum() == 0) {
                throw new IllegalArgumentException("INTEGER " + name + " is zero");
            }
            return v;
        }
    }
}
