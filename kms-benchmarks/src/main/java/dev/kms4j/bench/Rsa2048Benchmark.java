package dev.kms4j.bench;

import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAKeyGenParameterSpec;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * RSA-2048 PKCS#1 v1.5 with SHA-256 over a 1 KiB message: {@code KmsManager.sign/verify} on the
 * local provider next to the primitive that provider uses.
 *
 * <p>The baseline is exactly the local provider's primitive (see its {@code RsaSignatures}): the
 * JDK's {@code SHA256withRSA} through a thread-confined {@link Signature} (one per thread, so the
 * provider lookup of {@code Signature.getInstance} is not repeated; that is the idiomatic way to
 * call the JCA in a hot loop), then per call {@code initSign}/{@code initVerify}, {@code update},
 * {@code sign}/{@code verify}; verify first checks the signature length, as the provider does. It
 * uses its own 2048-bit CRT key from the JDK's generator, as the provider does. So the ratio
 * isolates what kms4j adds: routing, key lookup, state and capability checks.
 *
 * <p>Thread safety: keys and the {@code KmsManager} are shared by all benchmark threads; the raw
 * {@code Signature} objects are per thread.
 */
public class Rsa2048Benchmark extends LocalSignatureBenchmark {
    private static final SignatureAlgorithm ALGORITHM = SignatureAlgorithm.RSA_PKCS1_SHA256;
    private static final ThreadLocal<Signature> RAW_SIGNATURE = ThreadLocal.withInitial(() -> {
        try {
            return Signature.getInstance(ALGORITHM.jcaName());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private PrivateKey rawPrivateKey;
    private PublicKey rawPublicKey;
    private int rawSignatureLength;
    private byte[] rawSignature;

    public Rsa2048Benchmark() {
        super(KeySpec.RSA_2048, ALGORITHM);
    }

    @Override
    protected void setUpRaw() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
        KeyPair pair = generator.generateKeyPair();
        rawPrivateKey = pair.getPrivate();
        rawPublicKey = pair.getPublic();
        rawSignatureLength = 2048 / 8;
        rawSignature = rawSign();
        Checks.require(rawVerify(), "raw verify of its own signature");
    }

    @Benchmark
    public byte[] rawSign() throws GeneralSecurityException {
        Signature signature = RAW_SIGNATURE.get();
        signature.initSign(rawPrivateKey);
        signature.update(message);
        return signature.sign();
    }

    @Benchmark
    public boolean rawVerify() throws GeneralSecurityException {
        if (rawSignature.length != rawSignatureLength) {
            return false;
        }
        Signature signature = RAW_SIGNATURE.get();
        signature.initVerify(rawPublicKey);
        signature.update(message);
        return signature.verify(rawSignature);
    }
}
