package dev.kms4j.local.internal;

import dev.kms4j.KeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;

/**
 * The named curve behind each EC key spec. {@link ECNamedDomainParameters#lookup} returns Bouncy
 * Castle's specialised ("custom") implementation of each curve, several times faster than the
 * generic one. Stateless and thread-safe; the returned parameters are immutable.
 */
final class EcCurves {
    private static final ECNamedDomainParameters P256 = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);
    private static final ECNamedDomainParameters P384 = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp384r1);
    private static final ECNamedDomainParameters P521 = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp521r1);
    private static final ECNamedDomainParameters K256 = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256k1);

    private EcCurves() {
    }

    /** The domain parameters of an EC spec. */
    static ECNamedDomainParameters domain(KeySpec spec) {
        switch (spec) {
            case EC_P256:
                return P256;
            case EC_P384:
                return P384;
            case EC_P521:
                return P521;
            case EC_SECP256K1:
                return K256;
            default:
                throw new IllegalArgumentException("not an EC key spec: " + spec);
        }
    }

    /** The curve's object identifier, as written in PKCS#8 and X.509 encodings. */
    static ASN1ObjectIdentifier oid(KeySpec spec) {
        return domain(spec).getName();
    }
}
