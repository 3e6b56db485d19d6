package dev.kms4j.envelope.tink;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * A Tink {@link KmsClient} for kms4j keys, so that Tink code that looks up a KEK by URI (for
 * example keysets with {@code LegacyKmsEnvelopeAeadParameters}, or encrypted keysets) can use any
 * key a {@link KmsManager} reaches.
 *
 * <p><strong>URI form:</strong> {@value #PREFIX} followed by a kms4j key URI, for example
 * {@code kms4j:local://payments} or {@code kms4j:aws-kms://arn:aws:kms:eu-west-1:111122223333:key/...}.
 * The prefix is needed because kms4j's key URIs reuse scheme names that Tink's own clients claim
 * ({@code aws-kms://}, and {@code hcvault://} which kms4j accepts): without it, which client
 * serves a URI would depend on registration order. With it, the rest is a kms4j URI verbatim,
 * which {@link KeyRef#parse} reads.
 *
 * <p><strong>Registration is explicit</strong>, by the application: {@code KmsClients.add(
 * Kms4jKmsClient.forManager(kms))}. Nothing in kms4j registers a client by itself (no static
 * initializer, no service file), because a client in Tink's global registry serves every URI it
 * claims to anyone in the JVM; Tink deprecated auto-registration for that reason. Prefer
 * {@link #forKey} (one URI) over {@link #forManager} (every URI of every enabled scheme), and
 * register before any other code can race you to the prefix.
 *
 * <p>Credentials come from each provider's {@code ProviderConfig}, not from Tink:
 * {@link #withDefaultCredentials()} returns this client and {@link #withCredentials} is refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class Kms4jKmsClient implements KmsClient {
    /** The URI prefix this client claims. */
    public static final String PREFIX = "kms4j:";

    private final KmsManager kms;
    private final KeyRef boundKey;

    private Kms4jKmsClient(KmsManager kms, KeyRef boundKey) {
        this.kms = kms;
        this.boundKey = boundKey;
    }

    /**
     * A client for every {@code kms4j:} URI whose scheme {@code kms} has enabled.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if {@code kms} is null
     */
    public static Kms4jKmsClient forManager(KmsManager kms) {
        if (kms == null) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "a KMS manager is required");
        }
        return new Kms4jKmsClient(kms, null);
    }

    /**
     * A client for exactly one key URI ({@value #PREFIX} plus a kms4j key URI).
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if the URI is not of that form
     */
    public static Kms4jKmsClient forKey(KmsManager kms, String keyUri) {
        if (kms == null) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "a KMS manager is required");
        }
        KeyRef ref = parse(keyUri).orElseThrow(() -> new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                "a kms4j Tink key URI must start with '" + PREFIX + "' followed by a kms4j key URI"));
        return new Kms4jKmsClient(kms, ref);
    }

    /** The Tink key URI for a kms4j key: {@value #PREFIX} plus its canonical URI. */
    public static String tinkUri(KeyRef key) {
        return PREFIX + key.toUri();
    }

    /** The key this client is bound to, if it was made with {@link #forKey}. */
    public Optional<KeyRef> boundKey() {
        return Optional.ofNullable(boundKey);
    }

    /**
     * Whether this client serves {@code keyUri}: it has the {@value #PREFIX} prefix, the rest is a
     * valid kms4j key URI of an enabled scheme, and, for a bound client, it is the bound key.
     */
    @Override
    public boolean doesSupport(String keyUri) {
        Optional<KeyRef> ref = parse(keyUri);
        if (ref.isEmpty()) {
            return false;
        }
        if (boundKey != null) {
            return boundKey.equals(ref.get());
        }
        return kms.schemes().contains(ref.get().scheme());
    }

    /** Refused: kms4j providers take credentials from their {@code ProviderConfig}. */
    @Override
    public KmsClient withCredentials(String credentialPath) throws GeneralSecurityException {
        throw new GeneralSecurityException("kms4j providers take credentials from their ProviderConfig, not from Tink");
    }

    /** This client: credentials are already configured on the {@link KmsManager}. */
    @Override
    public KmsClient withDefaultCredentials() {
        return this;
    }

    /**
     * A {@link KmsAead} for {@code keyUri}.
     *
     * @throws GeneralSecurityException if this client does not serve the URI
     */
    @Override
    public Aead getAead(String keyUri) throws GeneralSecurityException {
        if (!doesSupport(keyUri)) {
            throw new GeneralSecurityException("this kms4j client does not serve key URI "
                    + (keyUri == null ? "null" : "'" + keyUri + "'") + (boundKey != null ? "; it is bound to "
                    + tinkUri(boundKey) : "; expected '" + PREFIX + "' and an enabled scheme " + kms.schemes()));
        }
        return KmsAead.of(kms, parse(keyUri).orElseThrow());
    }

    @Override
    public String toString() {
        return "Kms4jKmsClient[" + (boundKey != null ? tinkUri(boundKey) : PREFIX + "* " + kms.schemes()) + "]";
    }

    private static Optional<KeyRef> parse(String keyUri) {
        if (keyUri == null || !keyUri.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyRef.parse(keyUri.substring(PREFIX.length())));
        } catch (KmsException e) {
            return Optional.empty();
        }
    }
}
