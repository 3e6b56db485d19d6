package dev.kms4j.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.SignatureAlgorithm;

/**
 * Which JWS algorithm a token key's spec gives: ES256/ES384/ES512 for EC P-256/P-384/P-521, RS256
 * for RSA. Other specs (HMAC, Ed25519, secp256k1, symmetric) are refused: an HMAC key would turn
 * every verifier into a signer, and the others have no JWS algorithm nimbus verifies without extra
 * dependencies.
 */
enum TokenAlgorithms {
    ES256(JWSAlgorithm.ES256, SignatureAlgorithm.ECDSA_SHA256, 64),
    ES384(JWSAlgorithm.ES384, SignatureAlgorithm.ECDSA_SHA384, 96),
    ES512(JWSAlgorithm.ES512, SignatureAlgorithm.ECDSA_SHA512, 132),
    RS256(JWSAlgorithm.RS256, SignatureAlgorithm.RSA_PKCS1_SHA256, 0);

    final JWSAlgorithm jws;
    final SignatureAlgorithm kms;
    /** Length of the JOSE R||S form for ECDSA; 0 for RSA (the signature is used as is). */
    final int concatLength;

    TokenAlgorithms(JWSAlgorithm jws, SignatureAlgorithm kms, int concatLength) {
        this.jws = jws;
        this.kms = kms;
        this.concatLength = concatLength;
    }

    static TokenAlgorithms forSpec(KeySpec spec) {
        switch (spec) {
            case EC_P256:
                return ES256;
            case EC_P384:
                return ES384;
            case EC_P521:
                return ES512;
            case RSA_2048:
            case RSA_3072:
            case RSA_4096:
                return RS256;
            default:
                throw new KmsException(KmsErrorCode.UNSUPPORTED,
                        "auth.token-key: a token key must be EC P-256/P-384/P-521 or RSA, not " + spec);
        }
    }
}
