package dev.kms4j.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import dev.kms4j.CallerContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import java.util.Set;

/**
 * A nimbus {@link JWSSigner} whose private key never leaves the KMS: the signing input goes to
 * {@link KmsManager#sign} on one exact key version, as the server's own principal and with the
 * {@link TokenKeyGuard} opened for this one call. ECDSA signatures come back in DER (kms4j's one
 * format) and are transcoded to JOSE's R||S.
 *
 * <p>Thread-safe.
 */
final class KmsJwsSigner implements JWSSigner {
    private final KmsManager kms;
    private final KeyRef keyVersion;
    private final TokenAlgorithms algorithm;
    private final JCAContext jca = new JCAContext();

    KmsJwsSigner(KmsManager kms, KeyRef keyVersion, TokenAlgorithms algorithm) {
        this.kms = kms;
        this.keyVersion = keyVersion;
        this.algorithm = algorithm;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!algorithm.jws.equals(header.getAlgorithm())) {
            throw new JOSEException("unexpected JWS algorithm");
        }
        byte[] signature;
        try (CallerContext.Scope s = CallerContext.open(ServerPrincipal.CALLER);
                TokenKeyGuard.Permit p = TokenKeyGuard.permitTokenSigning()) {
            signature = kms.sign(keyVersion, algorithm.kms, signingInput);
        } catch (KmsException e) {
            throw new JOSEException("token signing failed: " + e.code(), e);
        }
        if (algorithm.concatLength > 0) {
            signature = ECDSA.transcodeSignatureToConcat(signature, algorithm.concatLength);
        }
        return Base64URL.encode(signature);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(algorithm.jws);
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }
}
