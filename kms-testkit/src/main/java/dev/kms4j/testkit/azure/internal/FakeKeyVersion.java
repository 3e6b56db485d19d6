package dev.kms4j.testkit.azure.internal;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of a key in the fake vault: immutable key material plus mutable attributes
 * (enabled, not-before, expiry, key operations, tags, updated time).
 *
 * <p>Thread-safe: the mutable attributes are guarded by this object's monitor. Holds private and
 * secret key material; {@link #toString()} shows only the name and version.
 */
final class FakeKeyVersion {
    private final String name;
    private final String version;
    private final String kty;
    private final String curve;
    private final int keySize;
    private final KeyPair keyPair;
    private final byte[] secret;
    private final long created;

    private List<String> keyOps;
    private boolean enabled;
    private Long notBefore;
    private Long expires;
    private long updated;
    private Map<String, String> tags;

    FakeKeyVersion(String name, String version, String kty, String curve, int keySize, KeyPair keyPair, byte[] secret,
                   List<String> keyOps, boolean enabled, Long notBefore, Long expires, Map<String, String> tags, long now) {
        this.name = name;
        this.version = version;
        this.kty = kty;
        this.curve = curve;
        this.keySize = keySize;
        this.keyPair = keyPair;
        this.secret = secret == null ? null : secret.clone();
        this.keyOps = List.copyOf(keyOps);
        this.enabled = enabled;
        this.notBefore = notBefore;
        this.expires = expires;
        this.tags = new LinkedHashMap<>(tags);
        this.created = now;
        this.updated = now;
    }

    String name() {
        return name;
    }

    String version() {
        return version;
    }

    /** The key type as created ({@code EC}, {@code RSA-HSM}, {@code oct-HSM}, …). */
    String kty() {
        return kty;
    }

    /** EC, RSA or OCT, whatever the protection suffix. */
    String family() {
        String base = kty.endsWith("-HSM") ? kty.substring(0, kty.length() - 4) : kty;
        return base.equalsIgnoreCase("oct") ? "OCT" : base.toUpperCase(java.util.Locale.ROOT);
    }

    String curve() {
        return curve;
    }

    int keySize() {
        return keySize;
    }

    KeyPair keyPair() {
        return keyPair;
    }

    /** A copy of the symmetric key; the caller wipes it. */
    byte[] secret() {
        return secret.clone();
    }

    long created() {
        return created;
    }

    synchronized List<String> keyOps() {
        return keyOps;
    }

    synchronized boolean enabled() {
        return enabled;
    }

    synchronized Map<String, String> tags() {
        return new LinkedHashMap<>(tags);
    }

    /** Whether the version is usable at {@code now}: enabled and within not-before / expiry. */
    synchronized boolean usableAt(long now) {
        return enabled && (notBefore == null || now >= notBefore) && (expires == null || now < expires);
    }

    /** Applies a PATCH: {@code null} arguments leave the attribute alone. */
    synchronized void update(Boolean enabled, Long notBefore, boolean setNotBefore, Long expires, boolean setExpires,
                             List<String> keyOps, Map<String, String> tags, long now) {
        if (enabled != null) {
            this.enabled = enabled;
        }
        if (setNotBefore) {
            this.notBefore = notBefore;
        }
        if (setExpires) {
            this.expires = expires;
        }
        if (keyOps != null) {
            this.keyOps = List.copyOf(keyOps);
        }
        if (tags != null) {
            this.tags = new LinkedHashMap<>(tags);
        }
        this.updated = now;
    }

    /** The key id, {@code https://<host>/keys/<name>/<version>}. */
    String kid(String base) {
        return base + "/keys/" + name + "/" + version;
    }

    /** The public JWK (no private or secret members), with {@code key_ops}. */
    synchronized Map<String, Object> jwk(String base) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", kid(base));
        jwk.put("kty", kty);
        jwk.put("key_ops", keyOps);
        if (keyPair != null && keyPair.getPublic() instanceof RSAPublicKey) {
            RSAPublicKey rsa = (RSAPublicKey) keyPair.getPublic();
            jwk.put("n", Base64Url.encode(unsigned(rsa.getModulus(), 0)));
            jwk.put("e", Base64Url.encode(unsigned(rsa.getPublicExponent(), 0)));
        } else if (keyPair != null) {
            ECPublicKey ec = (ECPublicKey) keyPair.getPublic();
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            jwk.put("crv", curve);
            jwk.put("x", Base64Url.encode(unsigned(ec.getW().getAffineX(), size)));
            jwk.put("y", Base64Url.encode(unsigned(ec.getW().getAffineY(), size)));
        }
        return jwk;
    }

    synchronized Map<String, Object> attributes(int recoverableDays) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("enabled", enabled);
        if (notBefore != null) {
            a.put("nbf", notBefore);
        }
        if (expires != null) {
            a.put("exp", expires);
        }
        a.put("created", created);
        a.put("updated", updated);
        a.put("recoveryLevel", "Recoverable+Purgeable");
        a.put("recoverableDays", recoverableDays);
        a.put("exportable", false);
        return a;
    }

    /** Big-endian unsigned bytes, left-padded to {@code size} (0 = minimal). */
    private static byte[] unsigned(BigInteger value, int size) {
        byte[] b = value.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        if (size > b.length) {
            byte[] padded = new byte[size];
            System.arraycopy(b, 0, padded, size - b.length, b.length);
            return padded;
        }
        return b;
    }

    @Override
    public String toString() {
        return "FakeKeyVersion[" + name + "/" + version + ", " + kty + "]";
    }
}
