package dev.kms4j.testkit.vault.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/**
 * RSASSA-PSS (RFC 8017, section 8.1) over a digest the caller already computed, with MGF1 on the
 * same hash.
 *
 * <p>Hand-written because neither the JDK nor Bouncy Castle's JCA layer signs a precomputed
 * digest with PSS, and Vault verifies with "auto" salt length (any salt the encoding carries),
 * which no JCA verifier offers. This is test-only code in a fake; it uses plain
 * {@link BigInteger} arithmetic, which is not constant-time. Stateless and thread-safe.
 */
final class RawPss {
    /** Salt length meaning "detect it" on verify, "as long as possible" on sign (Go's PSSSaltLengthAuto). */
    static final int AUTO = -1;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RawPss() {
    }

    static byte[] sign(RSAPrivateCrtKey key, String digestName, byte[] mHash, int saltLength) {
        MessageDigest md = digest(digestName);
        int hLen = md.getDigestLength();
        int modBits = key.getModulus().bitLength();
        int emBits = modBits - 1;
        int emLen = (emBits + 7) / 8;
        int sLen = saltLength == AUTO ? emLen - hLen - 2 : saltLength;
        if (mHash.length != hLen || sLen < 0 || emLen < hLen + sLen + 2) {
            throw VaultError.badRequest("invalid salt length or digest for PSS");
        }
        byte[] salt = new byte[sLen];
        RANDOM.nextBytes(salt);
        byte[] h = hashMPrime(md, mHash, salt);
        byte[] db = new byte[emLen - hLen - 1];
        db[db.length - sLen - 1] = 0x01;
        System.arraycopy(salt, 0, db, db.length - sLen, sLen);
        byte[] mask = mgf1(md, h, db.length);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xFF >>> (8 * emLen - emBits));
        byte[] em = new byte[emLen];
        System.arraycopy(db, 0, em, 0, db.length);
        System.arraycopy(h, 0, em, db.length, hLen);
        em[emLen - 1] = (byte) 0xBC;
        BigInteger s = new BigInteger(1, em).modPow(key.getPrivateExponent(), key.getModulus());
        return toFixed(s, (modBits + 7) / 8);
    }

    static boolean verify(RSAPublicKey key, String digestName, byte[] mHash, byte[] signature, int saltLength) {
        MessageDigest md = digest(digestName);
        int hLen = md.getDigestLength();
        int modBits = key.getModulus().bitLength();
        int k = (modBits + 7) / 8;
        int emBits = modBits - 1;
        int emLen = (emBits + 7) / 8;
        if (signature.length != k || mHash.length != hLen) {
            return false;
        }
        BigInteger s = new BigInteger(1, signature);
        if (s.compareTo(key.getModulus()) >= 0) {
            return false;
        }
        BigInteger m = s.modPow(key.getPublicExponent(), key.getModulus());
        if (m.bitLength() > emLen * 8) {
            return false;
        }
        byte[] em = toFixed(m, emLen);
        if (em[emLen - 1] != (byte) 0xBC || emLen < hLen + 2) {
            return false;
        }
        byte[] db = Arrays.copyOf(em, emLen - hLen - 1);
        byte[] h = Arrays.copyOfRange(em, emLen - hLen - 1, emLen - 1);
        int topBits = 8 * emLen - emBits;
        if ((db[0] & (0xFF << (8 - topBits)) & 0xFF) != 0) {
            return false;
        }
        byte[] mask = mgf1(md, h, db.length);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xFF >>> topBits);
        int separator = 0;
        while (separator < db.length && db[separator] == 0) {
            separator++;
        }
        if (separator == db.length || db[separator] != 0x01) {
            return false;
        }
        int sLen = db.length - separator - 1;
        if (saltLength != AUTO && sLen != saltLength) {
            return false;
        }
        byte[] salt = Arrays.copyOfRange(db, separator + 1, db.length);
        return MessageDigest.isEqual(h, hashMPrime(md, mHash, salt));
    }

    private static byte[] hashMPrime(MessageDigest md, byte[] mHash, byte[] salt) {
        md.reset();
        md.update(new byte[8]);
        md.update(mHash);
        md.update(salt);
        return md.digest();
    }

    private static byte[] mgf1(MessageDigest md, byte[] seed, int length) {
        byte[] out = new byte[length];
        int hLen = md.getDigestLength();
        int done = 0;
        for (int counter = 0; done < length; counter++) {
            md.reset();
            md.update(seed);
            md.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter});
            byte[] block = md.digest();
            int n = Math.min(hLen, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }

    private static byte[] toFixed(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        if (raw.length == length) {
            return raw;
        }
        byte[] out = new byte[length];
        if (raw.length > length) {
            System.arraycopy(raw, raw.length - length, out, 0, length); // drop the sign byte
        } else {
            System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        }
        return out;
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + name, e);
        }
    }
}
