package dev.kms4j.local.internal;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeyType;
import dev.kms4j.KmsException;
import dev.kms4j.internal.random.RandomBytes;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.IllegalBlockSizeException;

/**
 * Encryption with a loaded key version, in the {@link CiphertextFormat}: AES-GCM or
 * ChaCha20-Poly1305 for symmetric keys ({@link AeadCiphers}), RSA-OAEP for RSA keys
 * ({@link RsaOaep}). Shared by {@code encrypt}/{@code decrypt} and {@code wrap}/{@code unwrap}/
 * {@code createDek}, which differ only in {@link CiphertextFormat.Purpose} and size limits.
 *
 * <p>Stateless and thread-safe. Plaintexts are <strong>secret</strong> and stay the caller's;
 * failures never say more than which check failed.
 */
final class KeyEncryption {
    private KeyEncryption() {
    }

    /**
     * Refuses, with {@code INVALID_ARGUMENT}, a plaintext outside {@code min..max} bytes or
     * larger than one OAEP block of an RSA key.
     */
    static void checkPlaintextSize(LoadedKey key, KeyRef ref, int length, int min, int max, String what) {
        int limit = max;
        if (key.spec().type() == KeyType.RSA) {
            // Every version of a key has the spec's modulus size.
            limit = Math.min(max, RsaOaep.maxPlaintextLength(key.spec().bits() / 8));
        }
        if (length < min || length > limit) {
            throw LocalErrors.invalidArgument(ref, what + " is " + length + " bytes; key " + ref.withoutVersion()
                    + " takes " + min + " to " + limit + " bytes");
        }
    }

    /** Encrypts {@code plaintext} with {@code version} of {@code key}. */
    static byte[] seal(LoadedKey key, KeyRef ref, LoadedVersion version, CiphertextFormat.Purpose purpose,
                       byte[] plaintext, EncryptionContext context, String operation) {
        byte[] aad = associatedData(version, purpose, context);
        try {
            if (key.spec().type() == KeyType.SYMMETRIC) {
                byte[] out = new byte[CiphertextFormat.AEAD_HEADER_LENGTH + plaintext.length + AeadCiphers.TAG_LENGTH];
                CiphertextFormat.writePrefix(out, 0, CiphertextFormat.AEAD_V1, version.number());
                byte[] nonce = RandomBytes.bytes(AeadCiphers.NONCE_LENGTH);
                System.arraycopy(nonce, 0, out, CiphertextFormat.PREFIX_LENGTH, nonce.length);
                AeadCiphers.seal(key.spec(), (SecretKeyMaterial) version.key(), nonce, aad, plaintext, out,
                        CiphertextFormat.AEAD_HEADER_LENGTH);
                return out;
            }
            RsaKeyPair rsa = (RsaKeyPair) version.key();
            byte[] out = new byte[CiphertextFormat.PREFIX_LENGTH + rsa.modulusBytes()];
            CiphertextFormat.writePrefix(out, 0, CiphertextFormat.RSA_OAEP_V1, version.number());
            RsaOaep.encrypt(rsa, aad, plaintext, out,
                    CiphertextFormat.PREFIX_LENGTH);
            return out;
        } catch (GeneralSecurityException e) {
            throw LocalErrors.jcaFailure(operation, ref, e);
        }
    }

    /**
     * Authenticates and decrypts a ciphertext of {@code key} with the version the ciphertext
     * records, which must equal the requested one ({@code requested}, or
     * {@link VersionNumbers#NONE}).
     *
     * @throws KmsException {@code INTEGRITY} for anything that is not an authentic ciphertext of
     *     this key, purpose and context; {@code INVALID_KEY_STATE} if the key or that version is
     *     not enabled; {@code NOT_FOUND} if the requested version does not exist
     */
    static byte[] open(LoadedKey key, KeyRef ref, int requested, CiphertextFormat.Purpose purpose,
                       byte[] ciphertext, EncryptionContext context, String operation, int maxPlaintext) {
        key.requireEnabled(ref, operation);
        LoadedVersion named = requested == VersionNumbers.NONE ? null : key.existingVersion(ref, requested);
        boolean aead = key.spec().type() == KeyType.SYMMETRIC;
        byte format = aead ? CiphertextFormat.AEAD_V1 : CiphertextFormat.RSA_OAEP_V1;
        if (ciphertext.length < CiphertextFormat.PREFIX_LENGTH) {
            throw LocalErrors.integrity(ref, operation, "the ciphertext is shorter than its header");
        }
        if (ciphertext[0] != format) {
            throw LocalErrors.integrity(ref, operation, "the ciphertext was not made by a key of this kind");
        }
        int number = CiphertextFormat.readVersion(ciphertext);
        if (named != null && named.number() != number) {
            throw LocalErrors.integrity(ref, operation, "the ciphertext was made with another version of the key");
        }
        LoadedVersion version = key.versionOfCiphertext(ref, number, operation);
        byte[] aad = associatedData(version, purpose, context);
        try {
            if (aead) {
                if (ciphertext.length < CiphertextFormat.AEAD_MIN_LENGTH) {
                    throw LocalErrors.integrity(ref, operation, "the ciphertext is truncated");
                }
                if (ciphertext.length > CiphertextFormat.AEAD_MIN_LENGTH + maxPlaintext) {
                    throw LocalErrors.integrity(ref, operation, "the ciphertext is longer than any this key makes");
                }
                int sealedLength = ciphertext.length - CiphertextFormat.AEAD_HEADER_LENGTH;
                return AeadCiphers.open(key.spec(), (SecretKeyMaterial) version.key(), ciphertext,
                        CiphertextFormat.PREFIX_LENGTH, CiphertextFormat.AEAD_HEADER_LENGTH, sealedLength, aad);
            }
            RsaKeyPair rsa = (RsaKeyPair) version.key();
            if (ciphertext.length != CiphertextFormat.PREFIX_LENGTH + rsa.modulusBytes()) {
                throw LocalErrors.integrity(ref, operation, "the ciphertext has the wrong length for this key");
            }
            return RsaOaep.decrypt(rsa, aad, ciphertext,
                    CiphertextFormat.PREFIX_LENGTH, rsa.modulusBytes());
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            // AEADBadTagException is a BadPaddingException. No cause attached: which check failed
            // is of no use to the caller and of some use to an attacker.
            throw LocalErrors.integrity(ref, operation,
                    "the ciphertext does not authenticate (wrong key, version or context, or altered)");
        } catch (GeneralSecurityException e) {
            throw LocalErrors.jcaFailure(operation, ref, e);
        }
    }

    /**
     * The whole associated data, the version's prefix (purpose, key id, format, version) then the
     * encoded context, in one array: AES-GCM, ChaCha20-Poly1305 and the OAEP label all take it so.
     */
    private static byte[] associatedData(LoadedVersion version, CiphertextFormat.Purpose purpose,
                                         EncryptionContext context) {
        byte[] prefix = version.aadPrefix(purpose);
        byte[] contextAad = CiphertextFormat.contextAad(context);
        byte[] aad = Arrays.copyOf(prefix, prefix.length + contextAad.length);
        System.arraycopy(contextAad, 0, aad, prefix.length, contextAad.length);
        return aad;
    }
}
