package dev.kms4j.local.internal;

import dev.kms4j.local.MasterKey;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Turns a passphrase into a master key with Argon2id (RFC 9106, version 1.3) from Bouncy Castle.
 *
 * <p>The passphrase is <b>secret</b>: it is encoded to UTF-8 into a buffer that is zeroed after
 * use; the caller owns (and should zero) the {@code char[]} it passes. Stateless and thread-safe.
 */
public final class PassphraseKdf {
    private PassphraseKdf() {
    }

    /** The master key for {@code passphrase} under {@code parameters}. */
    public static MasterKey derive(char[] passphrase, KdfParameters parameters) {
        byte[] password = utf8(passphrase);
        byte[] derived = new byte[MasterKey.LENGTH];
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(parameters.salt())
                .withMemoryAsKB(parameters.memoryKib())
                .withIterations(parameters.iterations())
                .withParallelism(parameters.parallelism());
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(builder.build());
            generator.generateBytes(password, derived);
            return MasterKey.fromBytes(derived);
        } finally {
            builder.clear();
            Arrays.fill(password, (byte) 0);
            Arrays.fill(derived, (byte) 0);
        }
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        // The encoder's buffer held the passphrase too.
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
