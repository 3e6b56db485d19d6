package dev.kms4j.bench;

import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;

/**
 * ECDSA P-256 with SHA-256 over a 1 KiB message: {@code KmsManager.sign/verify} on the local
 * provider next to the primitive that provider uses.
 *
 * <p>The baseline is exactly the local provider's primitive (see its {@code EcdsaSignatures}):
 * the Bouncy Castle lightweight {@link ECDSASigner} on the curve from
 * {@code ECNamedDomainParameters.lookup(secp256r1)} (Bouncy Castle's specialised P-256 code),
 * with RFC 6979 deterministic k ({@link HMacDSAKCalculator}), the message hashed with the JDK's
 * {@code MessageDigest}, and DER via {@link StandardDSAEncoding}. Per call it does what a careful
 * user of that API must do: a new signer (signers are stateful and not thread-safe),
 * {@code MessageDigest.getInstance}, hash, sign, DER-encode; for verify, DER-decode (strict),
 * hash, verify. It uses its own key pair on the same curve; the cost of ECDSA does not depend on
 * which key. So the ratio isolates what kms4j adds: the manager's routing, key lookup, state and
 * capability checks, and the provider's error handling.
 *
 * <p>Thread safety: the state is shared by all benchmark threads ({@link Scope#Benchmark}), as
 * an application shares one {@code KmsManager}; the baseline's keys are immutable and shared too.
 */
public class EcdsaP256Benchmark extends LocalSignatureBenchmark {
    private static final SignatureAlgorithm ALGORITHM = SignatureAlgorithm.ECDSA_SHA256;

    private ECPrivateKeyParameters rawPrivateKey;
    private ECPublicKeyParameters rawPublicKey;
    private byte[] rawSignature;

    public EcdsaP256Benchmark() {
        super(KeySpec.EC_P256, ALGORITHM);
    }

    @Override
    protected void setUpRaw() throws IOException, NoSuchAlgorithmException {
        ECNamedDomainParameters domain = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(domain, new SecureRandom()));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        rawPrivateKey = (ECPrivateKeyParameters) pair.getPrivate();
        rawPublicKey = (ECPublicKeyParameters) pair.getPublic();
        rawSignature = rawSign();
        Checks.require(rawVerify(), "raw verify of its own signature");
    }

    @Benchmark
    public byte[] rawSign() throws IOException, NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, rawPrivateKey);
        BigInteger[] rs = signer.generateSignature(digest);
        return StandardDSAEncoding.INSTANCE.encode(rawPrivateKey.getParameters().getN(), rs[0], rs[1]);
    }

    @Benchmark
    public boolean rawVerify() throws IOException, NoSuchAlgorithmException {
        BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(rawPublicKey.getParameters().getN(), rawSignature);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, rawPublicKey);
        return verifier.verifySignature(digest, rs[0], rs[1]);
    }
}
