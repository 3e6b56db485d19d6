package dev.kms4j.aws.internal;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyUsage;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderHealth;
import dev.kms4j.PublicKeys;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.spi.KmsProvider;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The AWS KMS provider (scheme {@code aws-kms}): a plain translator between kms4j calls and the
 * AWS KMS API over a synchronous {@link KmsClient}.
 *
 * <p>Behaviour, beyond the {@link KmsProvider} contract:
 * <ul>
 *   <li>Key ids are key ARNs, bare key ids, alias ARNs or {@code alias/<name>}; anything else is
 *       {@code INVALID_ARGUMENT} before any call. {@code createKey} takes {@code alias/<name>}
 *       (AWS assigns key ids) and returns the key ARN.</li>
 *   <li>AWS keeps key-material versions internal: kms4j exposes none. A reference with a version
 *       is {@code INVALID_ARGUMENT}; {@code rotate} returns the unversioned reference; the AWS
 *       ciphertext identifies the backing material, so old ciphertexts keep decrypting.</li>
 *   <li>{@code sign} hashes locally and sends only the digest ({@code MessageType=DIGEST}),
 *       except for Ed25519: pure Ed25519 hashes inside the signature scheme, so AWS needs the
 *       message itself ({@code MessageType=RAW}), which limits it to 1 to 4096 bytes.
 *       {@code encrypt} takes 1 to 4096 bytes. RSA encryption keys use RSAES-OAEP-SHA-256, which
 *       cannot bind an encryption context: a non-empty context is refused, never dropped.</li>
 * </ul>
 *
 * <p>Thread-safe (the SDK client is). Logs key references and operations at DEBUG, never
 * plaintext, key bytes or credentials.
 */
public final class AwsKmsProvider implements KmsProvider {
    /** Largest plaintext (and wrapped key) AWS KMS Encrypt accepts. */
    public static final int MAX_PLAINTEXT_BYTES = 4096;
    /** Largest ciphertext blob AWS KMS Decrypt accepts. */
    public static final int MAX_CIPHERTEXT_BYTES = 6144;
    /** Largest message GenerateMac/VerifyMac accept. */
    public static final int MAX_MAC_MESSAGE_BYTES = 4096;
    /** Largest message Sign/Verify accept with MessageType=RAW (pure Ed25519 signs the message itself). */
    public static final int MAX_RAW_SIGN_MESSAGE_BYTES = 4096;
    /** AWS's deletion window bounds, in days. */
    public static final int MIN_DELETION_DAYS = 7;
    public static final int MAX_DELETION_DAYS = 30;
    /** Automatic rotation periods AWS KMS accepts, in whole days, and its default. */
    public static final int MIN_ROTATION_DAYS = 90;
    public static final int MAX_ROTATION_DAYS = 2560;
    private static final int DEFAULT_ROTATION_DAYS = 365;

    private static final Logger LOG = LoggerFactory.getLogger(AwsKmsProvider.class);
    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.allOf(Capability.class));

    private final KmsClient client;
    private final String description;

    /** Uses {@code client}, which this provider now owns and closes. */
    public AwsKmsProvider(KmsClient client, String description) {
        this.client = client;
        this.description = description;
    }

    @Override
    public String scheme() {
        return AwsErrors.SCHEME;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    // ---- lifecycle ------------------------------------------------------------------------

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        requireUnversioned(ref, "createKey");
        if (AwsKeyIds.classify(ref) != AwsKeyIds.Kind.ALIAS_NAME) {
            throw AwsErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "cannot create " + ref
                    + ": AWS KMS assigns key ids; pass aws-kms://alias/<name> to create a key under an alias");
        }
        if (ref.keyId().startsWith("alias/aws/")) {
            throw AwsErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "cannot create " + ref
                    + ": alias names starting with alias/aws/ are reserved for AWS managed keys");
        }
        KeySpec spec = options.spec();
        software.amazon.awssdk.services.kms.model.KeySpec awsSpec = AwsKeySpecs.toAws(spec).orElseThrow(() ->
                AwsErrors.error(KmsErrorCode.UNSUPPORTED, ref, "AWS KMS (through kms4j) cannot create "
                        + spec + " keys; supported: " + AwsKeySpecs.supported()));
        // Look the alias up first, so an existing alias does not leave an orphaned key behind.
        if (aliasExists(ref)) {
            throw AwsErrors.error(KmsErrorCode.ALREADY_EXISTS, ref, "alias " + ref.keyId() + " already exists");
        }
        List<Tag> tags = tags(options.tags());
        CreateKeyResponse created = call("createKey", ref, () -> client.createKey(b -> {
            b.keySpec(awsSpec).keyUsage(AwsKeySpecs.toAws(options.usage()));
            options.description().ifPresent(b::description);
            if (!tags.isEmpty()) {
                b.tags(tags);
            }
        }));
        String arn = created.keyMetadata().arn();
        try {
            client.createAlias(b -> b.aliasName(ref.keyId()).targetKeyId(created.keyMetadata().keyId()));
        } catch (RuntimeException e) {
            KmsException failure = AwsErrors.translate("createKey (CreateAlias)", ref, e);
            discardOrphan(arn, ref);
            throw failure;
        }
        LOG.debug("created AWS KMS key {} as {} ({}, {})", arn, ref, spec, options.usage());
        return toMetadata(created.keyMetadata(), null,
                AwsKeyIds.isAlias(AwsKeyIds.classify(ref)) ? List.of(ref) : List.of());
    }

    private boolean aliasExists(KeyRef alias) {
        try {
            client.describeKey(b -> b.keyId(alias.keyId()));
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw AwsErrors.translate("createKey (DescribeKey)", alias, e);
        }
    }

    /** A key whose alias could not be created would be unreachable by name: schedule it for deletion. */
    private void discardOrphan(String arn, KeyRef alias) {
        try {
            client.scheduleKeyDeletion(b -> b.keyId(arn).pendingWindowInDays(MIN_DELETION_DAYS));
            LOG.debug("scheduled deletion of {}: its alias {} could not be created", arn, alias);
        } catch (RuntimeException e) {
            LOG.warn("key {} was created but its alias {} was not, and scheduling its deletion failed ({});"
                    + " delete it by hand", arn, alias, e.getClass().getSimpleName());
        }
    }

    /**
     * One {@code ListKeys} call with {@code Limit=1}: the cheapest authenticated read, where the
     * default probe ({@code listKeys("")}) would page through every key of the account.
     */
    @Override
    public ProviderHealth health() {
        try {
            call("health", null, () -> client.listKeys(b -> b.limit(1)));
            return ProviderHealth.up(AwsErrors.SCHEME);
        } catch (KmsException e) {
            return ProviderHealth.fromProbeFailure(AwsErrors.SCHEME, e);
        }
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        List<KeyRef> refs = new ArrayList<>();
        if (scope.startsWith("alias/")) {
            for (AliasListEntry alias : call("listKeys", null, () -> client.listAliasesPaginator(b -> { }).aliases())) {
                if (alias.targetKeyId() != null && alias.aliasName().startsWith(scope)) {
                    refs.add(KeyRef.of(AwsErrors.SCHEME, alias.aliasName()));
                }
            }
        } else {
            for (KeyListEntry key : call("listKeys", null, () -> client.listKeysPaginator(b -> { }).keys())) {
                if (key.keyArn().startsWith(scope)) {
                    refs.add(KeyRef.of(AwsErrors.SCHEME, key.keyArn()));
                }
            }
        }
        refs.sort((a, b) -> a.keyId().compareTo(b.keyId()));
        return refs;
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        requireUnversioned(ref, "metadata");
        AwsKeyIds.classify(ref);
        software.amazon.awssdk.services.kms.model.KeyMetadata md =
                call("metadata", ref, () -> client.describeKey(b -> b.keyId(ref.keyId())).keyMetadata());
        return toMetadata(md, lastRotation(ref, md), aliases(ref, md.arn()));
    }

    /** The aliases that point at the key, as {@code aws-kms://alias/<name>} references. */
    private List<KeyRef> aliases(KeyRef ref, String keyArn) {
        String keyId = keyArn.substring(keyArn.indexOf(":key/") + 5);
        List<KeyRef> aliases = new ArrayList<>();
        for (AliasListEntry alias : call("metadata (ListAliases)", ref,
                () -> client.listAliasesPaginator(b -> b.keyId(keyArn)).aliases())) {
            // Filtered again here: the KeyId filter is the service's, the guarantee is ours.
            if (keyId.equals(alias.targetKeyId())) {
                aliases.add(KeyRef.of(AwsErrors.SCHEME, alias.aliasName()));
            }
        }
        return aliases;
    }

    /**
     * When the key material last rotated, from ListKeyRotations (symmetric keys only). Missing
     * permission or support for that call leaves it unknown rather than failing metadata.
     */
    private Instant lastRotation(KeyRef ref, software.amazon.awssdk.services.kms.model.KeyMetadata md) {
        if (md.keySpec() != software.amazon.awssdk.services.kms.model.KeySpec.SYMMETRIC_DEFAULT
                || md.keyState() == software.amazon.awssdk.services.kms.model.KeyState.PENDING_DELETION) {
            return null;
        }
        try {
            Instant last = null;
            for (RotationsListEntry r : client.listKeyRotationsPaginator(b -> b.keyId(md.arn())).rotations()) {
                if (r.rotationDate() != null && (last == null || r.rotationDate().isAfter(last))) {
                    last = r.rotationDate();
                }
            }
            return last;
        } catch (RuntimeException e) {
            KmsException k = AwsErrors.translate("metadata (ListKeyRotations)", ref, e);
            if (k.isRetryable() || k.code() == KmsErrorCode.NOT_FOUND || k.code() == KmsErrorCode.UNAUTHENTICATED) {
                throw k;
            }
            LOG.debug("rotation history of {} unavailable: {}", ref, k.code());
            return null;
        }
    }

    private KeyMetadata toMetadata(software.amazon.awssdk.services.kms.model.KeyMetadata md, Instant rotatedAt,
                                   List<KeyRef> aliases) {
        KeyRef ref = KeyRef.of(AwsErrors.SCHEME, md.arn());
        KeySpec spec = AwsKeySpecs.fromAws(md.keySpec()).orElseThrow(() -> AwsErrors.error(KmsErrorCode.UNSUPPORTED,
                ref, "AWS KMS key " + ref + " has key spec " + md.keySpecAsString() + ", which kms4j does not model"));
        KeyUsage usage = AwsKeySpecs.fromAws(md.keyUsage()).orElseThrow(() -> AwsErrors.error(KmsErrorCode.UNSUPPORTED,
                ref, "AWS KMS key " + ref + " has key usage " + md.keyUsageAsString() + ", which kms4j does not model"));
        KeyMetadata.Builder b = KeyMetadata.builder(ref)
                .spec(spec)
                .usage(usage)
                .state(AwsKeySpecs.fromAws(md.keyState()))
                .createdAt(md.creationDate())
                .deletionDate(md.deletionDate())
                .rotatedAt(rotatedAt)
                .aliases(aliases)
                .capabilities(AwsKeySpecs.capabilities(spec, usage));
        if (md.description() != null && !md.description().isEmpty()) {
            b.description(md.description());
        }
        return b.build();
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        requireUnversioned(ref, "rotate");
        software.amazon.awssdk.services.kms.model.KeyMetadata md = describe("rotate", ref);
        if (md.keySpec() != software.amazon.awssdk.services.kms.model.KeySpec.SYMMETRIC_DEFAULT) {
            throw AwsErrors.error(KmsErrorCode.UNSUPPORTED, ref, "key " + ref + " does not support rotate: AWS KMS"
                    + " rotates only symmetric encryption keys (this one is " + md.keySpecAsString() + ")");
        }
        call("rotate", ref, () -> client.rotateKeyOnDemand(b -> b.keyId(md.arn())));
        LOG.debug("started on-demand rotation of {}", ref);
        return ref;
    }

    @Override
    public RotationPolicy rotationPolicy(KeyRef ref) {
        requireUnversioned(ref, "rotationPolicy");
        String keyId = keyIdOrArn("rotationPolicy", ref);
        GetKeyRotationStatusResponse status = call("rotationPolicy", ref,
                () -> client.getKeyRotationStatus(b -> b.keyId(keyId)));
        if (!Boolean.TRUE.equals(status.keyRotationEnabled())) {
            return RotationPolicy.manual();
        }
        Integer days = status.rotationPeriodInDays();
        return RotationPolicy.every(Duration.ofDays(days != null ? days : DEFAULT_ROTATION_DAYS));
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        requireUnversioned(ref, "setRotationPolicy");
        Integer days = policy.isAutomatic()
                ? wholeDays(ref, policy.period().orElseThrow(), MIN_ROTATION_DAYS, MAX_ROTATION_DAYS, "rotation periods")
                : null;
        String keyId = keyIdOrArn("setRotationPolicy", ref);
        if (days == null) {
            call("setRotationPolicy", ref, () -> client.disableKeyRotation(b -> b.keyId(keyId)));
        } else {
            call("setRotationPolicy", ref,
                    () -> client.enableKeyRotation(b -> b.keyId(keyId).rotationPeriodInDays(days)));
        }
        LOG.debug("set rotation policy of {} to {}", ref, policy);
    }

    @Override
    public void disable(KeyRef ref) {
        requireUnversioned(ref, "disable");
        String keyId = keyIdOrArn("disable", ref);
        call("disable", ref, () -> client.disableKey(b -> b.keyId(keyId)));
        LOG.debug("disabled {}", ref);
    }

    @Override
    public void enable(KeyRef ref) {
        requireUnversioned(ref, "enable");
        String keyId = keyIdOrArn("enable", ref);
        call("enable", ref, () -> client.enableKey(b -> b.keyId(keyId)));
        LOG.debug("enabled {}", ref);
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        requireUnversioned(ref, "scheduleDeletion");
        int days = wholeDays(ref, pendingWindow, MIN_DELETION_DAYS, MAX_DELETION_DAYS, "deletion windows");
        String keyId = keyIdOrArn("scheduleDeletion", ref);
        Instant when = call("scheduleDeletion", ref,
                () -> client.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(days)).deletionDate());
        LOG.debug("scheduled deletion of {} for {}", ref, when);
        return when;
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        requireUnversioned(ref, "cancelDeletion");
        String keyId = keyIdOrArn("cancelDeletion", ref);
        call("cancelDeletion", ref, () -> client.cancelKeyDeletion(b -> b.keyId(keyId)));
        LOG.debug("cancelled deletion of {}; the key is disabled", ref);
    }

    // ---- signatures -----------------------------------------------------------------------

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        requireUnversioned(ref, "sign");
        AwsKeyIds.classify(ref);
        if (algorithm.isMac()) {
            MacAlgorithmSpec mac = AwsKeySpecs.macAlgorithm(algorithm).orElseThrow();
            checkMacMessage(ref, message);
            return call("sign", ref, () -> client.generateMac(b -> b.keyId(ref.keyId()).macAlgorithm(mac)
                    .message(SdkBytes.fromByteArrayUnsafe(message))).mac().asByteArray());
        }
        SigningAlgorithmSpec signing = signingAlgorithm(ref, algorithm, "sign");
        MessageType type = messageType(algorithm);
        byte[] input = signingInput(ref, algorithm, message);
        return call("sign", ref, () -> client.sign(b -> b.keyId(ref.keyId()).signingAlgorithm(signing)
                .messageType(type).message(SdkBytes.fromByteArrayUnsafe(input))).signature().asByteArray());
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        requireUnversioned(ref, "verify");
        AwsKeyIds.classify(ref);
        if (algorithm.isMac()) {
            MacAlgorithmSpec mac = AwsKeySpecs.macAlgorithm(algorithm).orElseThrow();
            checkMacMessage(ref, message);
            if (signature.length == 0) {
                return false; // AWS rejects an empty MAC as malformed input; it is simply not a valid tag.
            }
            try {
                return client.verifyMac(b -> b.keyId(ref.keyId()).macAlgorithm(mac)
                        .message(SdkBytes.fromByteArrayUnsafe(message)).mac(SdkBytes.fromByteArrayUnsafe(signature))).macValid();
            } catch (KmsInvalidMacException e) {
                return false;
            } catch (RuntimeException e) {
                throw AwsErrors.translate("verify", ref, e);
            }
        }
        SigningAlgorithmSpec signing = signingAlgorithm(ref, algorithm, "verify");
        if (signature.length == 0) {
            return false; // AWS rejects an empty signature as malformed input; it is simply not valid.
        }
        MessageType type = messageType(algorithm);
        byte[] input = signingInput(ref, algorithm, message);
        try {
            // AWS answers a wrong signature with KMSInvalidSignatureException, not SignatureValid=false.
            return client.verify(b -> b.keyId(ref.keyId()).signingAlgorithm(signing).messageType(type)
                    .message(SdkBytes.fromByteArrayUnsafe(input)).signature(SdkBytes.fromByteArrayUnsafe(signature)))
                    .signatureValid();
        } catch (KmsInvalidSignatureException e) {
            return false;
        } catch (RuntimeException e) {
            throw AwsErrors.translate("verify", ref, e);
        }
    }

    private static SigningAlgorithmSpec signingAlgorithm(KeyRef ref, SignatureAlgorithm algorithm, String operation) {
        return AwsKeySpecs.signingAlgorithm(algorithm).orElseThrow(() -> AwsErrors.error(KmsErrorCode.UNSUPPORTED, ref,
                "key " + ref + " does not support " + operation + " with " + algorithm
                        + ": the kms4j AWS provider does not offer it"));
    }

    private static void checkMacMessage(KeyRef ref, byte[] message) {
        if (message.length == 0 || message.length > MAX_MAC_MESSAGE_BYTES) {
            throw AwsErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "AWS KMS computes MACs over 1 to "
                    + MAX_MAC_MESSAGE_BYTES + " bytes, got " + message.length);
        }
    }

    /** RAW for pure Ed25519 (no separate digest step exists), DIGEST for every hash-then-sign algorithm. */
    private static MessageType messageType(SignatureAlgorithm algorithm) {
        return algorithm.digestAlgorithm() == null ? MessageType.RAW : MessageType.DIGEST;
    }

    /**
     * What goes to AWS: the digest for hash-then-sign algorithms (only the digest leaves the
     * process), or for pure Ed25519 the message itself, checked against AWS's RAW size limit
     * here so an oversized message fails without a network call.
     */
    private static byte[] signingInput(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        if (algorithm.digestAlgorithm() != null) {
            return digest(algorithm, message);
        }
        if (message.length == 0 || message.length > MAX_RAW_SIGN_MESSAGE_BYTES) {
            throw AwsErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "AWS KMS signs " + algorithm
                    + " messages of 1 to " + MAX_RAW_SIGN_MESSAGE_BYTES + " bytes (MessageType RAW), got "
                    + message.length);
        }
        return message;
    }

    /** The digest AWS signs with MessageType=DIGEST; only the digest leaves the process. */
    private static byte[] digest(SignatureAlgorithm algorithm, byte[] message) {
        try {
            return MessageDigest.getInstance(algorithm.digestAlgorithm()).digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "the JDK has no " + algorithm.digestAlgorithm(), e);
        }
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        requireUnversioned(ref, "getPublicKey");
        AwsKeyIds.classify(ref);
        byte[] der = call("getPublicKey", ref, () -> client.getPublicKey(b -> b.keyId(ref.keyId())).publicKey().asByteArray());
        try {
            return PublicKeys.fromDer(der);
        } catch (KmsException e) {
            throw AwsErrors.error(KmsErrorCode.UNSUPPORTED, ref, "the public key of " + ref
                    + " is not an EC, RSA or Ed25519 key this JDK can read", e);
        }
    }

    // ---- encryption -----------------------------------------------------------------------

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        requireUnversioned(ref, "encrypt");
        AwsKeyIds.classify(ref);
        checkPlaintext(ref, "encrypt", plaintext);
        return encryptRaw("encrypt", ref, plaintext, context).ciphertextBlob().asByteArray();
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        requireUnversioned(ref, "decrypt");
        AwsKeyIds.classify(ref);
        // Returned without a copy: the caller owns the plaintext and no second copy lingers here.
        return decryptRaw("decrypt", ref, ciphertext, context).plaintext().asByteArrayUnsafe();
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        requireUnversioned(kek, "createDek");
        AwsKeyIds.classify(kek);
        DataKeySpec awsSpec = spec == DekSpec.AES_128 ? DataKeySpec.AES_128 : DataKeySpec.AES_256;
        GenerateDataKeyResponse r = call("createDek", kek, () -> client.generateDataKey(b -> b.keyId(kek.keyId())
                .keySpec(awsSpec).encryptionContext(context.asMap())));
        byte[] plaintext = r.plaintext().asByteArrayUnsafe();
        try {
            return DataKey.of(plaintext, WrappedKey.of(KeyRef.of(AwsErrors.SCHEME, r.keyId()),
                    r.ciphertextBlob().asByteArrayUnsafe()));
        } finally {
            // DataKey keeps its own copy: wipe the SDK's buffer so the key exists only inside DataKey.
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        requireUnversioned(kek, "wrap");
        AwsKeyIds.classify(kek);
        checkPlaintext(kek, "wrap", key);
        EncryptResponse r = encryptRaw("wrap", kek, key, context);
        return WrappedKey.of(KeyRef.of(AwsErrors.SCHEME, r.keyId()), r.ciphertextBlob().asByteArrayUnsafe());
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        KeyRef kek = wrapped.kek();
        requireUnversioned(kek, "unwrap");
        AwsKeyIds.classify(kek);
        byte[] plaintext = decryptRaw("unwrap", kek, wrapped.ciphertext(), context).plaintext().asByteArrayUnsafe();
        try {
            return DataKey.of(plaintext, wrapped);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static void checkPlaintext(KeyRef ref, String operation, byte[] plaintext) {
        if (plaintext.length == 0 || plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw AwsErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "AWS KMS can " + operation + " 1 to "
                    + MAX_PLAINTEXT_BYTES + " bytes directly, got " + plaintext.length
                    + "; use envelope encryption for more");
        }
    }

    /**
     * Encrypts with SYMMETRIC_DEFAULT, the hot path, in one call. Only if AWS answers that the key
     * cannot do that does it look the key up: an RSA encryption key is retried with
     * RSAES_OAEP_SHA_256, and only with an empty context, because RSA cannot bind one.
     */
    private EncryptResponse encryptRaw(String operation, KeyRef ref, byte[] plaintext, EncryptionContext context) {
        try {
            return client.encrypt(b -> b.keyId(ref.keyId()).plaintext(SdkBytes.fromByteArrayUnsafe(plaintext))
                    .encryptionContext(context.asMap()));
        } catch (RuntimeException e) {
            requireRsaEncryptionKey(operation, ref, context, e);
        }
        return call(operation, ref, () -> client.encrypt(b -> b.keyId(ref.keyId())
                .plaintext(SdkBytes.fromByteArrayUnsafe(plaintext))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)));
    }

    private DecryptResponse decryptRaw(String operation, KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        if (ciphertext.length == 0 || ciphertext.length > MAX_CIPHERTEXT_BYTES) {
            throw AwsErrors.error(KmsErrorCode.INTEGRITY, ref, operation + " with " + ref + " failed: a " + ciphertext.length
                    + "-byte ciphertext cannot be an AWS KMS ciphertext (1 to " + MAX_CIPHERTEXT_BYTES + " bytes)");
        }
        try {
            // KeyId is always sent: AWS then refuses a ciphertext of any other key (IncorrectKeyException).
            return client.decrypt(b -> b.keyId(ref.keyId()).ciphertextBlob(SdkBytes.fromByteArrayUnsafe(ciphertext))
                    .encryptionContext(context.asMap()));
        } catch (RuntimeException e) {
            requireRsaEncryptionKey(operation, ref, context, e);
        }
        return call(operation, ref, () -> client.decrypt(b -> b.keyId(ref.keyId())
                .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(ciphertext))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)));
    }

    /**
     * Decides whether a failed SYMMETRIC_DEFAULT call should be repeated with RSAES-OAEP: returns
     * if {@code ref} is an RSA encryption key and the context is empty, and throws the translated
     * {@code failure} (or UNSUPPORTED for a context RSA cannot bind) otherwise. AWS refuses
     * SYMMETRIC_DEFAULT on an RSA key as an invalid key usage or as a validation error (the
     * algorithm is required for asymmetric keys); only those two answers trigger the lookup.
     */
    private void requireRsaEncryptionKey(String operation, KeyRef ref, EncryptionContext context, RuntimeException failure) {
        KmsException translated = AwsErrors.translate(operation, ref, failure);
        boolean usageRefusal = failure instanceof InvalidKeyUsageException
                || translated.providerErrorCode().filter("ValidationException"::equals).isPresent();
        if (!usageRefusal) {
            throw translated;
        }
        software.amazon.awssdk.services.kms.model.KeyMetadata md = describe(operation, ref);
        boolean rsaEncryption = md.keyUsage() == software.amazon.awssdk.services.kms.model.KeyUsageType.ENCRYPT_DECRYPT
                && md.keySpecAsString().startsWith("RSA_");
        if (!rsaEncryption) {
            throw translated;
        }
        if (!context.isEmpty()) {
            throw AwsErrors.error(KmsErrorCode.UNSUPPORTED, ref, operation + " with " + ref + " refused: AWS KMS RSA"
                    + " encryption cannot bind an encryption context; pass an empty context, or bind it with the"
                    + " envelope layer (kms4j never drops a context silently)");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private software.amazon.awssdk.services.kms.model.KeyMetadata describe(String operation, KeyRef ref) {
        AwsKeyIds.classify(ref);
        return call(operation, ref, () -> client.describeKey(b -> b.keyId(ref.keyId())).keyMetadata());
    }

    /** Lifecycle calls take only key ids and ARNs, not aliases: resolve an alias with DescribeKey. */
    private String keyIdOrArn(String operation, KeyRef ref) {
        AwsKeyIds.Kind kind = AwsKeyIds.classify(ref);
        return AwsKeyIds.isAlias(kind) ? describe(operation, ref).arn() : ref.keyId();
    }

    /** {@code period} as whole days within [min, max], the only periods AWS KMS takes; else INVALID_ARGUMENT. */
    private static int wholeDays(KeyRef ref, Duration period, int min, int max, String what) {
        long days = period.toDays();
        if (!period.equals(Duration.ofDays(days)) || days < min || days > max) {
            throw AwsErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "AWS KMS " + what + " are whole days from "
                    + min + " to " + max + ", got " + period);
        }
        return (int) days;
    }

    private static void requireUnversioned(KeyRef ref, String operation) {
        if (ref.hasVersion()) {
            throw AwsErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, operation + " on " + ref + " refused: AWS KMS"
                    + " keeps key-material versions internal, so aws-kms references carry no #version");
        }
    }

    private static <T> T call(String operation, KeyRef ref, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw AwsErrors.translate(operation, ref, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** Region, endpoint and credential source only. */
    @Override
    public String toString() {
        return "AwsKmsProvider[" + description + "]";
    }

    private static List<Tag> tags(Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(Tag.builder().tagKey(k).tagValue(v).build()));
        return list;
    }
}
