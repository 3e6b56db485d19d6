package dev.kms4j.testkit.aws.internal;

import java.security.Provider;
import java.security.SecureRandom;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Shared crypto providers for the fake. Bouncy Castle is used as an explicit provider instance
 * (never installed globally, so the fake cannot change the JCA set-up of the code under test);
 * it supplies secp256k1, which the JDK dropped, and raw (pre-hashed) ECDSA and RSA-PSS.
 */
final class Crypto {
    static final Provider BC = new BouncyCastleProvider();
    static final SecureRandom RANDOM = new SecureRandom();

    private Crypto() {
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
