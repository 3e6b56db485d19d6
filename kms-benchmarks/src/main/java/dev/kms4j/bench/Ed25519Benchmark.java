package dev.kms4j.bench;

import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Ed25519 (pure EdDSA) over a 1 KiB message: {@code KmsManager.sign/verify} on the local provider
 * next to the primitive that provider uses.
 *
 * <p>The baseline is exactly the local provider's primitive (see its {@code Ed25519Signatures}):
 * Bouncy Castle's lightweight RFC 8032 code, signing with the static {@link Ed25519#sign} on the
 * 32-byte private key and the cached public key encoding (what
 * {@code Ed25519PrivateKeyParameters.sign} does internally, minus a per-key monitor), and
 * verifying with {@link Ed25519PublicKeyParameters#verify}, which keeps the decoded point. Per
 * call: allocate the 64-byte signature, sign; for verify, check the length and verify. It uses its
 * own key; Ed25519's cost does not depend on the key. So the ratio isolates what kms4j adds:
 * routing, key lookup, state and capability checks.
 *
 * <p>Thread safety: state shared by all benchmark threads, as an application shares one
 * {@code KmsManager}; the keys are never modified.
 */
public class Ed25519Benchmark extends LocalSignatureBenchmark {
    private static final SignatureAlgorithm ALGORITHM = SignatureAlgorithm.ED25519;
    private static final int SIGNATURE_LENGTH = 64;

    private byte[] rawPrivateKey;
    private byte[] rawPublicKeyEncoding;
    private Ed25519PublicKeyParameters rawPublicKey;
    private byte[] rawSignature;

    public Ed25519Benchmark() {
        super(KeySpec.ED25519, ALGORITHM);
    }

    @Override
    protected void setUpRaw() {
        Ed25519PrivateKeyParameters generated = new Ed25519PrivateKeyParameters(new SecureRandom());
        rawPrivateKey = generated.getEncoded();
        rawPublicKey = generated.generatePublicKey();
        rawPublicKeyEncoding = rawPublicKey.getEncoded();
        rawSignature = rawSign();
        Checks.require(rawVerify(), "raw verify of its own signature");
    }

    @Benchmark
    public byte[] rawSign() {
        byte[] signature = new byte[SIGNATURE_LENGTH];
        Ed25519.sign(rawPrivateKey, 0, rawPublicKeyEncoding, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    @Benchmark
    public boolean rawVerify() {
        return rawSignature.length == SIGNATURE_LENGTH
                && rawPublicKey.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, rawSignature, 0);
    }
}
