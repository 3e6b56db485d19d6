package dev.kms4j.envelope.internal;

import java.security.MessageDigest;

/**
 * The header tag: HMAC-SHA256 keyed by the DEK over a fixed label, the untagged header and the
 * caller's encryption context ({@code EncryptionContext.toAad()}). It
 * authenticates the wrapped-DEK list (which the payload AEAD does not cover, so that re-wrap need
 * not touch the payload) and commits the message to one DEK: an entry copied from another message,
 * or an entry wrapping a different DEK, unwraps to a key under which this tag does not verify.
 * Compared in constant time. Stateless and thread-safe.
 */
public final class HeaderTag {
    private HeaderTag() {
    }

    /** Computes the tag. */
    public static byte[] compute(DekMaterial material, byte[] untaggedHeader, byte[] contextAad) {
        return HmacSha256.mac(material.tagKey(), DekMaterial.TAG_LABEL, untaggedHeader, contextAad);
    }

    /** Appends the tag to an untagged header. */
    public static byte[] seal(DekMaterial material, byte[] untaggedHeader, byte[] contextAad) {
        byte[] tag = compute(material, untaggedHeader, contextAad);
        byte[] out = new byte[untaggedHeader.length + tag.length];
        System.arraycopy(untaggedHeader, 0, out, 0, untaggedHeader.length);
        System.arraycopy(tag, 0, out, untaggedHeader.length, tag.length);
        return out;
    }

    /** Whether the header's tag verifies under this DEK and context (constant-time compare). */
    public static boolean verify(DekMaterial material, ParsedHeader header, byte[] contextAad) {
        byte[] expected = compute(material, header.taggedPart(), contextAad);
        return MessageDigest.isEqual(expected, header.tag());
    }
}
