package dev.kms4j.testkit.vault.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The AEAD ciphers of Transit as Vault runs them: AES-GCM and ChaCha20-Poly1305 with a random
 * 96-bit nonce, output {@code nonce || ciphertext || tag}; key derivation for derived keys with
 * HKDF-SHA256 (key as input keying material, the request's context as info), as Vault's
 * {@code hkdf_sha256} KDF does. Stateless and thread-safe.
 */
final class TransitAead {
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    private TransitAead() {
    }

    static byte[] encrypt(TransitKeyType type, byte[] key, byte[] plaintext, byte[] associatedData) {
        byte[] nonce = KeyVersion.random(NONCE_BYTES);
        try {
            Cipher cipher = cipher(type, Cipher.ENCRYPT_MODE, key, nonce);
            if (associatedData != null && associatedData.length > 0) {
                cipher.updateAAD(associatedData);
            }
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD encryption failed in the fake", e);
        }
    }

    static byte[] decrypt(TransitKeyType type, byte[] key, byte[] blob, byte[] associatedData) {
        if (blob.length < NONCE_BYTES + TAG_BYTES) {
            throw VaultError.badRequest("invalid ciphertext: ciphertext too short");
        }
        try {
            Cipher cipher = cipher(type, Cipher.DECRYPT_MODE, key, Arrays.copyOf(blob, NONCE_BYTES));
            if (associatedData != null && associatedData.length > 0) {
                cipher.updateAAD(associatedData);
            }
            return cipher.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            // Go's crypto/cipher message, which Vault passes through.
            throw VaultError.badRequest("cipher: message authentication failed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD decryption failed in the fake", e);
        }
    }

    /** The per-context key of a derived key: HKDF-SHA256(key, salt = none, info = context). */
    static byte[] derive(byte[] key, byte[] context) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(key, null, context));
        byte[] out = new byte[key.length];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    private static Cipher cipher(TransitKeyType type, int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        if (type == TransitKeyType.CHACHA20_POLY1305) {
            Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
            c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            return c;
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        return c;
    }
}
