package dev.kms4j.azure.internal;

import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.DecryptParameters;
import com.azure.security.keyvault.keys.cryptography.models.EncryptParameters;
import com.azure.security.keyvault.keys.cryptography.models.EncryptResult;
import com.azure.security.keyvault.keys.cryptography.models.EncryptionAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.WrapResult;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateKeyOptions;
import com.azure.security.keyvault.keys.models.CreateOctKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import dev.kms4j.Capability;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyType;
import dev.kms4j.KeyUsage;
import dev.kms4j.KeyVersionMetadata;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderHealth;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.azure.internal.AzureKeyIds.VaultKey;
import dev.kms4j.spi.KmsProvider;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Azure Key Vault / Managed HSM provider (scheme {@code azure-kv}): a translator between
 * kms4j calls and Key Vault through the Azure SDK's {@link KeyClient} and
 * {@link CryptographyClient} (remote operations only).
 *
 * <p>Behaviour, beyond the {@link KmsProvider} contract:
 * <ul>
 *   <li>Key ids are {@code <vault-host>/<key-name>}, versions are Key Vault version ids. Only
 *       configured vault hosts are accepted.</li>
 *   <li>{@code sign} hashes locally and sends only the digest; ECDSA signatures come back as raw
 *       {@code R||S} and are returned as DER. {@code verify} checks locally with the public key of
 *       each enabled version (after reading the key, which also checks its state), except for
 *       secp256k1, which this JDK cannot verify, where Key Vault verifies.</li>
 *   <li>{@code encrypt} and {@code wrap} return a small self-describing blob ({@link AzureCiphertext})
 *       naming the exact key version; {@code decrypt} and {@code unwrap} use that version. Symmetric
 *       keys (Managed HSM) use AES-256-GCM with the encryption context as AAD, or AES key wrap
 *       (A256KW) when wrapping under an empty context. RSA keys use RSA-OAEP-256, which cannot
 *       bind a context: a non-empty context is refused, never dropped.</li>
 *   <li>{@code disable}/{@code enable} of an unversioned key change every version.
 *       {@code scheduleDeletion} is Key Vault's soft delete: the vault's retention period decides
 *       the purge date (returned), not the requested window; vaults without soft delete are
 *       refused. {@code cancelDeletion} recovers the key and disables every version, as the
 *       kms4j contract requires.</li>
 * </ul>
 *
 * <p>Thread-safe. Caches each key's kind (type, curve, usage; unchanged by rotation) and the
 * public keys of exact versions (immutable). Logs key references at DEBUG, never plaintext, key
 * bytes or tokens.
 */
public final class AzureKeyVaultProvider implements KmsProvider {
    /** The shortest automatic rotation period Key Vault accepts. */
    public static final int MIN_ROTATION_DAYS = 7;
    private static final int MAX_CACHED_PUBLIC_KEYS = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(AzureKeyVaultProvider.class);
    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.allOf(Capability.class));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AzureSettings settings;
    private final AzureClients clients;
    private final Map<String, KeyKind> kinds = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> publicKeys = new ConcurrentHashMap<>();

    public AzureKeyVaultProvider(AzureSettings settings, AzureClients clients) {
        this.settings = settings;
        this.clients = clients;
    }

    @Override
    public String scheme() {
        return AzureErrors.SCHEME;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    // ---- lifecycle --------------------------------------------------------------------------------

    @Override
    public KeyMetadata createKey(KeyRef ref, dev.kms4j.CreateKeyOptions options) {
        requireUnversioned(ref, "createKey");
        VaultKey vk = key(ref);
        KeySpec spec = options.spec();
        if (!AzureKeySpecs.supported().contains(spec)) {
            throw AzureErrors.error(KmsErrorCode.UNSUPPORTED, ref, "Azure Key Vault (through kms4j) cannot create "
                    + spec + " keys; supported: " + AzureKeySpecs.supported());
        }
        KeyClient kc = clients.keyClient(vk.host());
        // Key Vault's create adds a version to an existing key: check first, so a name is never reused silently.
        if (exists(vk, ref) || deleted(vk, ref) != null) {
            throw AzureErrors.error(KmsErrorCode.ALREADY_EXISTS, ref, "key " + ref + " already exists"
                    + " (or is deleted and recoverable) in " + vk.host());
        }
        CreateKeyOptions create = createOptions(vk, spec, options.usage());
        Map<String, String> tags = new LinkedHashMap<>(options.tags());
        options.description().ifPresent(d -> tags.put("description", d));
        if (!tags.isEmpty()) {
            create.setTags(tags);
        }
        KeyVaultKey created = call("createKey", ref, () -> {
            if (create instanceof CreateEcKeyOptions) {
                return kc.createEcKey((CreateEcKeyOptions) create);
            }
            if (create instanceof CreateRsaKeyOptions) {
                return kc.createRsaKey((CreateRsaKeyOptions) create);
            }
            return kc.createOctKey((CreateOctKeyOptions) create);
        });
        KeyKind kind = kindOf(ref, created);
        kinds.put(vk.cacheKey(), kind);
        LOG.debug("created Azure key {} ({}, {})", ref, spec, options.usage());
        return toMetadata(ref, kind, created.getProperties(), List.of(created.getProperties()), null);
    }

    private CreateKeyOptions createOptions(VaultKey vk, KeySpec spec, KeyUsage usage) {
        boolean hsm = settings.hardwareProtected(vk.host());
        List<KeyOperation> ops = usage == KeyUsage.SIGN_VERIFY
                ? List.of(KeyOperation.SIGN, KeyOperation.VERIFY)
                : List.of(KeyOperation.ENCRYPT, KeyOperation.DECRYPT, KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        CreateKeyOptions options;
        if (spec.type() == KeyType.EC) {
            options = new CreateEcKeyOptions(vk.name()).setCurveName(AzureKeySpecs.curve(spec)).setHardwareProtected(hsm);
        } else if (spec.type() == KeyType.RSA) {
            options = new CreateRsaKeyOptions(vk.name()).setKeySize(spec.bits()).setHardwareProtected(hsm);
        } else {
            // Symmetric keys exist only as oct-HSM, on Managed HSM.
            options = new CreateOctKeyOptions(vk.name()).setKeySize(spec.bits()).setHardwareProtected(true);
        }
        return options.setKeyOperations(ops.toArray(new KeyOperation[0])).setEnabled(true);
    }

    /**
     * One page of key properties from each configured vault: the cheapest authenticated read,
     * where the default probe ({@code listKeys("")}) would page through every key of every vault.
     * The first vault that fails makes the provider DOWN, with its error.
     */
    @Override
    public ProviderHealth health() {
        try {
            for (String host : settings.vaultHosts()) {
                KeyClient kc = clients.keyClient(host);
                call("health", null, () -> kc.listPropertiesOfKeys().iterableByPage().iterator().hasNext());
            }
            return ProviderHealth.up(AzureErrors.SCHEME);
        } catch (KmsException e) {
            return ProviderHealth.fromProbeFailure(AzureErrors.SCHEME, e);
        }
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        List<String> hosts;
        String prefix = "";
        if (scope.isEmpty()) {
            hosts = settings.vaultHosts();
        } else {
            int slash = scope.indexOf('/');
            String host = (slash < 0 ? scope : scope.substring(0, slash)).toLowerCase(java.util.Locale.ROOT);
            prefix = slash < 0 ? "" : scope.substring(slash + 1);
            if (!settings.vaults().containsKey(host)) {
                throw AzureErrors.error(KmsErrorCode.INVALID_ARGUMENT, null, "vault host " + host
                        + " is not configured for azure-kv (configured: " + settings.vaultHosts() + ")");
            }
            hosts = List.of(host);
        }
        List<KeyRef> refs = new ArrayList<>();
        for (String host : hosts) {
            KeyClient kc = clients.keyClient(host);
            String namePrefix = prefix;
            // Pages are fetched while iterating, so the iteration runs inside the error translation.
            List<String> names = call("listKeys", null, () -> {
                List<String> all = new ArrayList<>();
                kc.listPropertiesOfKeys().forEach(p -> all.add(p.getName()));
                return all;
            });
            for (String name : names) {
                if (name != null && name.startsWith(namePrefix)) {
                    refs.add(KeyRef.of(AzureErrors.SCHEME, host + "/" + name));
                }
            }
        }
        refs.sort(Comparator.comparing(KeyRef::keyId));
        return refs;
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        VaultKey vk = key(ref);
        KeyRef unversioned = ref.withoutVersion();
        KeyClient kc = clients.keyClient(vk.host());
        KeyVaultKey current;
        try {
            current = kc.getKey(vk.name());
        } catch (RuntimeException e) {
            if (AzureErrors.hasStatus(e, 404)) {
                DeletedKey d = deleted(vk, ref);
                if (d != null) {
                    KeyKind kind = kindOf(ref, d);
                    return toMetadata(unversioned, kind, d.getProperties(), List.of(d.getProperties()),
                            d.getScheduledPurgeDate() == null ? Instant.now() : d.getScheduledPurgeDate().toInstant());
                }
            }
            throw AzureErrors.translate("metadata", ref, e);
        }
        KeyKind kind = kindOf(ref, current);
        kinds.put(vk.cacheKey(), kind);
        return toMetadata(unversioned, kind, current.getProperties(), versions("metadata", vk, ref), null);
    }

    private KeyMetadata toMetadata(KeyRef ref, KeyKind kind, KeyProperties current, List<KeyProperties> versions,
                                   Instant deletionDate) {
        List<KeyProperties> sorted = new ArrayList<>(versions);
        // Stable: Key Vault times have one-second resolution, and it lists versions oldest first.
        sorted.sort(Comparator.comparing(p -> p.getCreatedOn() == null ? OffsetDateTime.MIN : p.getCreatedOn()));
        Map<String, String> tags = current.getTags() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(current.getTags());
        String description = tags.remove("description");
        KeyMetadata.Builder b = KeyMetadata.builder(ref.withoutVersion())
                .spec(kind.spec())
                .usage(kind.usage())
                .state(deletionDate != null ? KeyState.PENDING_DELETION
                        : usable(current) ? KeyState.ENABLED : KeyState.DISABLED)
                .currentVersion(current.getVersion())
                .capabilities(AzureKeySpecs.capabilities(kind.spec(), kind.usage()))
                .deletionDate(deletionDate)
                .tags(tags)
                .description(description);
        boolean currentListed = false;
        for (KeyProperties p : sorted) {
            currentListed |= p.getVersion().equalsIgnoreCase(current.getVersion());
            b.addVersion(KeyVersionMetadata.of(p.getVersion(), deletionDate != null ? KeyState.PENDING_DELETION
                    : usable(p) ? KeyState.ENABLED : KeyState.DISABLED, instant(p.getCreatedOn())));
        }
        if (!currentListed) {
            b.addVersion(KeyVersionMetadata.of(current.getVersion(), usable(current) ? KeyState.ENABLED : KeyState.DISABLED,
                    instant(current.getCreatedOn())));
        }
        if (!sorted.isEmpty()) {
            b.createdAt(instant(sorted.get(0).getCreatedOn()));
        }
        if (sorted.size() > 1) {
            b.rotatedAt(instant(current.getCreatedOn()));
        }
        return b.build();
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        requireUnversioned(ref, "rotate");
        VaultKey vk = key(ref);
        KeyVaultKey rotated = callKey("rotate", vk, ref, false, () -> clients.keyClient(vk.host()).rotateKey(vk.name()));
        LOG.debug("rotated {} to version {}", ref, rotated.getProperties().getVersion());
        return ref.withVersion(rotated.getProperties().getVersion());
    }

    @Override
    public RotationPolicy rotationPolicy(KeyRef ref) {
        requireUnversioned(ref, "rotationPolicy");
        VaultKey vk = key(ref);
        KeyRotationPolicy policy = callKey("rotationPolicy", vk, ref, false,
                () -> clients.keyClient(vk.host()).getKeyRotationPolicy(vk.name()));
        Duration period = null;
        for (KeyRotationLifetimeAction a : policy.getLifetimeActions() == null
                ? List.<KeyRotationLifetimeAction>of() : policy.getLifetimeActions()) {
            if (KeyRotationPolicyAction.ROTATE.equals(a.getAction())) {
                if (a.getTimeAfterCreate() != null) {
                    period = days(ref, a.getTimeAfterCreate());
                } else if (a.getTimeBeforeExpiry() != null && policy.getExpiresIn() != null) {
                    period = days(ref, policy.getExpiresIn()).minus(days(ref, a.getTimeBeforeExpiry()));
                } else {
                    throw AzureErrors.error(KmsErrorCode.UNSUPPORTED, ref, "the rotation policy of " + ref
                            + " rotates relative to an expiry that is not set; kms4j cannot express it");
                }
            }
        }
        return period == null || period.isZero() || period.isNegative() ? RotationPolicy.manual()
                : RotationPolicy.every(period);
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        requireUnversioned(ref, "setRotationPolicy");
        VaultKey vk = key(ref);
        String after = null;
        if (policy.isAutomatic()) {
            Duration period = policy.period().orElseThrow();
            long days = period.toDays();
            if (!period.equals(Duration.ofDays(days)) || days < MIN_ROTATION_DAYS) {
                throw AzureErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "Azure Key Vault rotation periods are"
                        + " whole days of at least " + MIN_ROTATION_DAYS + ", got " + period);
            }
            after = "P" + days + "D";
        }
        KeyClient kc = clients.keyClient(vk.host());
        KeyRotationPolicy existing = callKey("setRotationPolicy", vk, ref, false, () -> kc.getKeyRotationPolicy(vk.name()));
        List<KeyRotationLifetimeAction> actions = new ArrayList<>();
        if (existing.getLifetimeActions() != null) {
            for (KeyRotationLifetimeAction a : existing.getLifetimeActions()) {
                if (!KeyRotationPolicyAction.ROTATE.equals(a.getAction())) {
                    actions.add(a); // Notifications are the owner's business; only rotation is kms4j's.
                }
            }
        }
        if (after != null) {
            actions.add(new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate(after));
        }
        KeyRotationPolicy updated = new KeyRotationPolicy().setLifetimeActions(actions)
                .setExpiresIn(existing.getExpiresIn());
        callKey("setRotationPolicy", vk, ref, false, () -> kc.updateKeyRotationPolicy(vk.name(), updated));
        LOG.debug("set rotation policy of {} to {}", ref, policy);
    }

    @Override
    public void disable(KeyRef ref) {
        setEnabled("disable", ref, false);
    }

    @Override
    public void enable(KeyRef ref) {
        setEnabled("enable", ref, true);
    }

    private void setEnabled(String operation, KeyRef ref, boolean enabled) {
        VaultKey vk = key(ref);
        KeyClient kc = clients.keyClient(vk.host());
        List<KeyProperties> targets = new ArrayList<>();
        for (KeyProperties p : versions(operation, vk, ref)) {
            if (vk.version() == null || p.getVersion().equalsIgnoreCase(vk.version())) {
                targets.add(p);
            }
        }
        if (targets.isEmpty()) {
            throw AzureErrors.error(KmsErrorCode.NOT_FOUND, ref, "key " + ref.withoutVersion() + " has no version "
                    + vk.version());
        }
        for (KeyProperties p : targets) {
            if (!Boolean.valueOf(enabled).equals(p.isEnabled())) {
                callKey(operation, vk, ref, false, () -> kc.updateKeyProperties(p.setEnabled(enabled)));
            }
        }
        LOG.debug("{}: set enabled={} on {} version(s) of {}", operation, enabled, targets.size(), ref);
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        requireUnversioned(ref, "scheduleDeletion");
        VaultKey vk = key(ref);
        KeyClient kc = clients.keyClient(vk.host());
        KeyVaultKey current = callKey("scheduleDeletion", vk, ref, false, () -> kc.getKey(vk.name()));
        String recovery = current.getProperties().getRecoveryLevel();
        if (recovery != null && !recovery.contains("Recoverable")) {
            // Without soft delete, Key Vault destroys at once: kms4j promises a window, so it refuses.
            throw AzureErrors.error(KmsErrorCode.UNSUPPORTED, ref, "vault " + vk.host() + " has no soft delete"
                    + " (recovery level " + recovery + "); kms4j will not destroy " + ref + " immediately");
        }
        DeletedKey d = call("scheduleDeletion", ref, () -> finish(kc.beginDeleteKey(vk.name())));
        Instant when = d != null && d.getScheduledPurgeDate() != null ? d.getScheduledPurgeDate().toInstant()
                : Instant.now().plus(Duration.ofDays(current.getProperties().getRecoverableDays() == null
                        ? 90 : current.getProperties().getRecoverableDays()));
        LOG.debug("soft-deleted {}; purge scheduled for {} (requested window {})", ref, when, pendingWindow);
        return when;
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        requireUnversioned(ref, "cancelDeletion");
        VaultKey vk = key(ref);
        KeyClient kc = clients.keyClient(vk.host());
        try {
            finish(kc.beginRecoverDeletedKey(vk.name()));
        } catch (RuntimeException e) {
            if (AzureErrors.hasStatus(e, 404) && exists(vk, ref)) {
                throw AzureErrors.error(KmsErrorCode.INVALID_KEY_STATE, ref, "cancelDeletion on " + ref
                        + " refused: the key is not pending deletion");
            }
            throw AzureErrors.translate("cancelDeletion", ref, e);
        }
        setEnabled("cancelDeletion", ref, false);
        LOG.debug("recovered {}; every version is disabled until enabled", ref);
    }

    /** Runs a poller to its end: one immediate poll, then the SDK's polling up to the response timeout. */
    private <T> T finish(SyncPoller<T, Void> poller) {
        PollResponse<T> r = poller.poll();
        if (!r.getStatus().isComplete()) {
            r = poller.waitForCompletion(settings.responseTimeout());
        }
        if (r.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            throw new KmsException(KmsErrorCode.TIMEOUT, "Azure Key Vault did not finish in " + settings.responseTimeout());
        }
        return r.getValue();
    }

    // ---- signatures ---------------------------------------------------------------------------------

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        VaultKey vk = key(ref);
        KeyKind kind = kind(vk, ref, "sign");
        var azure = signingAlgorithm(ref, kind, algorithm, "sign");
        byte[] digest = digest(algorithm, message);
        byte[] signature = callKey("sign", vk, ref, false,
                () -> clients.cryptographyClient(vk.host(), vk.name(), vk.version()).sign(azure, digest)).getSignature();
        if (kind.family() != KeyKind.Family.EC) {
            return signature;
        }
        try {
            return EcdsaSignatures.rawToDer(signature);
        } catch (IllegalArgumentException e) {
            throw AzureErrors.error(KmsErrorCode.INTERNAL, ref, "Azure Key Vault returned a malformed ECDSA signature for " + ref);
        }
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        VaultKey vk = key(ref);
        KeyKind kind = kind(vk, ref, "verify");
        var azure = signingAlgorithm(ref, kind, algorithm, "verify");
        byte[] digest = digest(algorithm, message);
        KeyClient kc = clients.keyClient(vk.host());
        KeyVaultKey first = callKey("verify", vk, ref, false,
                () -> vk.version() == null ? kc.getKey(vk.name()) : kc.getKey(vk.name(), vk.version()));
        if (!usable(first.getProperties())) {
            throw AzureErrors.error(KmsErrorCode.INVALID_KEY_STATE, ref, "verify with " + ref + " refused: the "
                    + (vk.version() == null ? "key's current version" : "version") + " is disabled or outside its validity");
        }
        if (verifyWith(vk, ref, kind, first, azure, algorithm, message, digest, signature)) {
            return true;
        }
        if (vk.version() != null) {
            return false;
        }
        // An unversioned reference accepts a signature by any enabled version.
        for (KeyProperties p : versions("verify", vk, ref)) {
            if (usable(p) && !p.getVersion().equalsIgnoreCase(first.getProperties().getVersion())) {
                KeyVaultKey other = callKey("verify", vk, ref, false, () -> kc.getKey(vk.name(), p.getVersion()));
                if (verifyWith(vk, ref, kind, other, azure, algorithm, message, digest, signature)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean verifyWith(VaultKey vk, KeyRef ref, KeyKind kind, KeyVaultKey key,
                               com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm azure,
                               SignatureAlgorithm algorithm, byte[] message, byte[] digest, byte[] signature) {
        if (signature.length == 0) {
            return false;
        }
        if (kind.spec() == KeySpec.EC_SECP256K1) {
            // JDK 17 has no secp256k1 arithmetic: let Key Vault verify (only the digest leaves).
            byte[] raw;
            try {
                raw = EcdsaSignatures.derToRaw(signature, AzureKeySpecs.ecdsaHalfLength(kind.spec()));
            } catch (IllegalArgumentException e) {
                return false;
            }
            String version = key.getProperties().getVersion();
            return callKey("verify", vk, ref, false, () -> clients.cryptographyClient(vk.host(), vk.name(), version)
                    .verify(azure, digest, raw)).isValid();
        }
        PublicKey publicKey = publicKeyOf(ref, key);
        try {
            Signature verifier = Signature.getInstance(algorithm.jcaName());
            if (algorithm.jcaParameters() != null) {
                verifier.setParameter(algorithm.jcaParameters());
            }
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // Malformed signatures are simply not valid.
        } catch (GeneralSecurityException e) {
            throw AzureErrors.error(KmsErrorCode.INTERNAL, ref, "the JDK could not check a " + algorithm
                    + " signature (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm signingAlgorithm(
            KeyRef ref, KeyKind kind, SignatureAlgorithm algorithm, String operation) {
        if (kind.usage() != KeyUsage.SIGN_VERIFY) {
            throw AzureErrors.error(KmsErrorCode.UNSUPPORTED, ref, "key " + ref + " does not support " + operation
                    + ": it is a " + kind.spec() + " " + kind.usage() + " key");
        }
        var azure = AzureKeySpecs.toAzure(algorithm, kind.spec());
        if (azure == null) {
            throw AzureErrors.error(KmsErrorCode.UNSUPPORTED, ref, "key " + ref + " (" + kind.spec()
                    + ") does not support " + operation + " with " + algorithm + "; Azure Key Vault offers "
                    + AzureKeySpecs.signatureAlgorithms(kind.spec()));
        }
        return azure;
    }

    /** Only the digest leaves the process. */
    private static byte[] digest(SignatureAlgorithm algorithm, byte[] message) {
        try {
            return MessageDigest.getInstance(algorithm.digestAlgorithm()).digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "the JDK has no " + algorithm.digestAlgorithm(), e);
        }
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        VaultKey vk = key(ref);
        KeyClient kc = clients.keyClient(vk.host());
        KeyVaultKey key = callKey("getPublicKey", vk, ref, false,
                () -> vk.version() == null ? kc.getKey(vk.name()) : kc.getKey(vk.name(), vk.version()));
        KeyKind kind = kindOf(ref, key);
        if (!kind.isAsymmetric()) {
            throw AzureErrors.error(KmsErrorCode.UNSUPPORTED, ref, "key " + ref + " is symmetric and has no public key");
        }
        return publicKeyOf(ref, key);
    }

    /** The public key of one exact version; cached by key id, as a version's key material never changes. */
    private PublicKey publicKeyOf(KeyRef ref, KeyVaultKey key) {
        String kid = key.getId();
        PublicKey cached = kid == null ? null : publicKeys.get(kid);
        if (cached != null) {
            return cached;
        }
        PublicKey publicKey;
        try {
            publicKey = JwkPublicKeys.of(key.getKey());
        } catch (IllegalArgumentException e) {
            throw AzureErrors.error(KmsErrorCode.UNSUPPORTED, ref, "the public key of " + ref
                    + " is not an EC or RSA key this JDK can read", e);
        }
        if (kid != null) {
            if (publicKeys.size() >= MAX_CACHED_PUBLIC_KEYS) {
                publicKeys.clear();
            }
            publicKeys.put(kid, publicKey);
        }
        return publicKey;
    }

    // ---- encryption -----------------------------------------------------------------------------

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        VaultKey vk = key(ref);
        KeyKind kind = encryptionKind(vk, ref, "encrypt");
        if (plaintext.length == 0) {
            throw AzureErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "Azure Key Vault encrypts 1 byte or more");
        }
        CryptographyClient crypto = clients.cryptographyClient(vk.host(), vk.name(), vk.version());
        if (kind.family() == KeyKind.Family.OCT) {
            byte[] aad = AzureCiphertext.aad(context);
            EncryptResult r = callKey("encrypt", vk, ref, false,
                    () -> crypto.encrypt(EncryptParameters.createA256GcmParameters(plaintext, aad), Context.NONE));
            return new AzureCiphertext(AzureCiphertext.Algorithm.A256GCM, versionOf(ref, r.getKeyId()), r.getIv(),
                    r.getAuthenticationTag(), r.getCipherText()).toBytes();
        }
        requireEmptyContext(ref, "encrypt", context);
        EncryptResult r = callKey("encrypt", vk, ref, false, () -> crypto.encrypt(EncryptionAlgorithm.RSA_OAEP_256, plaintext));
        return new AzureCiphertext(AzureCiphertext.Algorithm.RSA_OAEP_256, versionOf(ref, r.getKeyId()), null, null,
                r.getCipherText()).toBytes();
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        VaultKey vk = key(ref);
        AzureCiphertext blob = parseCiphertext(vk, ref, ciphertext, "decrypt");
        if (blob.algorithm() == AzureCiphertext.Algorithm.A256KW) {
            throw integrity(ref, "decrypt", "it is a wrapped key, not a ciphertext");
        }
        return open(vk, ref, blob, context, "decrypt");
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        byte[] key = new byte[spec.lengthBytes()];
        RANDOM.nextBytes(key);
        try {
            return DataKey.of(key, wrap(kek, key, context));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        VaultKey vk = key(kek);
        KeyKind kind = encryptionKind(vk, kek, "wrap");
        if (key.length == 0) {
            throw AzureErrors.error(KmsErrorCode.INVALID_ARGUMENT, kek, "cannot wrap an empty key");
        }
        CryptographyClient crypto = clients.cryptographyClient(vk.host(), vk.name(), vk.version());
        AzureCiphertext blob;
        if (kind.family() == KeyKind.Family.OCT && !(context.isEmpty() && key.length >= 16 && key.length % 8 == 0)) {
            // A256KW cannot bind a context: a non-empty one goes through AES-GCM with the context as AAD.
            byte[] aad = AzureCiphertext.aad(context);
            EncryptResult r = callKey("wrap", vk, kek, false,
                    () -> crypto.encrypt(EncryptParameters.createA256GcmParameters(key, aad), Context.NONE));
            blob = new AzureCiphertext(AzureCiphertext.Algorithm.A256GCM, versionOf(kek, r.getKeyId()), r.getIv(),
                    r.getAuthenticationTag(), r.getCipherText());
        } else {
            boolean oct = kind.family() == KeyKind.Family.OCT;
            if (!oct) {
                requireEmptyContext(kek, "wrap", context);
            }
            KeyWrapAlgorithm algorithm = oct ? KeyWrapAlgorithm.A256KW : KeyWrapAlgorithm.RSA_OAEP_256;
            WrapResult r = callKey("wrap", vk, kek, false, () -> crypto.wrapKey(algorithm, key));
            blob = new AzureCiphertext(oct ? AzureCiphertext.Algorithm.A256KW : AzureCiphertext.Algorithm.RSA_OAEP_256,
                    versionOf(kek, r.getKeyId()), null, null, r.getEncryptedKey());
        }
        return WrappedKey.of(kek.withoutVersion().withVersion(blob.version()), blob.toBytes());
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        KeyRef kek = wrapped.kek();
        VaultKey vk = key(kek);
        AzureCiphertext blob = parseCiphertext(vk, kek, wrapped.ciphertext(), "unwrap");
        byte[] plaintext;
        if (blob.algorithm() == AzureCiphertext.Algorithm.A256GCM) {
            plaintext = open(vk, kek, blob, context, "unwrap");
        } else {
            if (!context.isEmpty()) {
                throw integrity(kek, "unwrap", "it was wrapped without an encryption context");
            }
            KeyWrapAlgorithm algorithm = blob.algorithm() == AzureCiphertext.Algorithm.A256KW
                    ? KeyWrapAlgorithm.A256KW : KeyWrapAlgorithm.RSA_OAEP_256;
            plaintext = callKey("unwrap", vk, kek, true, () -> clients.cryptographyClient(vk.host(), vk.name(),
                    blob.version()).unwrapKey(algorithm, blob.ciphertext())).getKey();
        }
        try {
            return DataKey.of(plaintext, wrapped);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Decrypts an AES-GCM or RSA-OAEP blob with the exact version it names. */
    private byte[] open(VaultKey vk, KeyRef ref, AzureCiphertext blob, EncryptionContext context, String operation) {
        CryptographyClient crypto = clients.cryptographyClient(vk.host(), vk.name(), blob.version());
        if (blob.algorithm() == AzureCiphertext.Algorithm.A256GCM) {
            byte[] aad = AzureCiphertext.aad(context);
            return callKey(operation, vk, ref, true, () -> crypto.decrypt(DecryptParameters.createA256GcmParameters(
                    blob.ciphertext(), blob.iv(), blob.tag(), aad), Context.NONE)).getPlainText();
        }
        if (!context.isEmpty()) {
            throw integrity(ref, operation, "it was encrypted with RSA-OAEP, which binds no encryption context");
        }
        return callKey(operation, vk, ref, true,
                () -> crypto.decrypt(EncryptionAlgorithm.RSA_OAEP_256, blob.ciphertext())).getPlainText();
    }

    private AzureCiphertext parseCiphertext(VaultKey vk, KeyRef ref, byte[] bytes, String operation) {
        AzureCiphertext blob;
        try {
            blob = AzureCiphertext.parse(bytes);
        } catch (IllegalArgumentException e) {
            requireKeyUsable(vk, ref, operation);
            throw integrity(ref, operation, "it is not a well-formed azure-kv ciphertext");
        }
        if (vk.version() != null && !vk.version().equalsIgnoreCase(blob.version())) {
            requireKeyUsable(vk, ref, operation);
            throw integrity(ref, operation, "it was made by another version of the key");
        }
        return blob;
    }

    /** Throws NOT_FOUND or INVALID_KEY_STATE if the key is missing or deleted; returns if it exists. */
    private void requireKeyUsable(VaultKey vk, KeyRef ref, String operation) {
        callKey(operation, vk, ref, false, () -> clients.keyClient(vk.host()).getKey(vk.name()));
    }

    private static KmsException integrity(KeyRef ref, String operation, String why) {
        return AzureErrors.error(KmsErrorCode.INTEGRITY, ref, operation + " with " + ref + " failed: " + why);
    }

    private static void requireEmptyContext(KeyRef ref, String operation, EncryptionContext context) {
        if (!context.isEmpty()) {
            throw AzureErrors.error(KmsErrorCode.UNSUPPORTED, ref, operation + " with " + ref + " refused: RSA-OAEP"
                    + " cannot bind an encryption context; pass an empty context, or bind it with the envelope layer"
                    + " (kms4j never drops a context silently)");
        }
    }

    private KeyKind encryptionKind(VaultKey vk, KeyRef ref, String operation) {
        KeyKind kind = kind(vk, ref, operation);
        if (kind.usage() != KeyUsage.ENCRYPT_DECRYPT) {
            throw AzureErrors.error(KmsErrorCode.UNSUPPORTED, ref, "key " + ref + " does not support " + operation
                    + ": it is a " + kind.spec() + " " + kind.usage() + " key");
        }
        return kind;
    }

    private static String versionOf(KeyRef ref, String kid) {
        String version = AzureKeyIds.versionOf(kid);
        if (version == null) {
            throw AzureErrors.error(KmsErrorCode.INTERNAL, ref, "Azure Key Vault did not name the key version it used");
        }
        return version;
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private VaultKey key(KeyRef ref) {
        return AzureKeyIds.parse(ref, settings.vaults().keySet());
    }

    /** The key's kind, from the cache or read once from Key Vault. */
    private KeyKind kind(VaultKey vk, KeyRef ref, String operation) {
        KeyKind cached = kinds.get(vk.cacheKey());
        if (cached != null) {
            return cached;
        }
        KeyClient kc = clients.keyClient(vk.host());
        KeyVaultKey key = callKey(operation, vk, ref, false, () -> kc.getKey(vk.name()));
        KeyKind kind = kindOf(ref, key);
        kinds.put(vk.cacheKey(), kind);
        return kind;
    }

    private static KeyKind kindOf(KeyRef ref, KeyVaultKey key) {
        KeyKind kind = key.getKey() == null ? null : KeyKind.of(key.getKey());
        if (kind == null) {
            throw AzureErrors.error(KmsErrorCode.UNSUPPORTED, ref, "Azure key " + ref + " is of a type or size kms4j"
                    + " does not model (" + (key.getKeyType() == null ? "unknown" : key.getKeyType()) + ")");
        }
        return kind;
    }

    /** Every version's properties, oldest first as Key Vault lists them. */
    private List<KeyProperties> versions(String operation, VaultKey vk, KeyRef ref) {
        KeyClient kc = clients.keyClient(vk.host());
        return callKey(operation, vk, ref, false, () -> {
            List<KeyProperties> all = new ArrayList<>();
            kc.listPropertiesOfKeyVersions(vk.name()).forEach(all::add);
            return all;
        });
    }

    private boolean exists(VaultKey vk, KeyRef ref) {
        try {
            clients.keyClient(vk.host()).getKey(vk.name());
            return true;
        } catch (RuntimeException e) {
            if (AzureErrors.hasStatus(e, 404)) {
                return false;
            }
            KmsException k = AzureErrors.translate("createKey (getKey)", ref, e);
            if (k.code() == KmsErrorCode.INVALID_KEY_STATE) {
                return true; // A disabled key exists.
            }
            throw k;
        }
    }

    /** The soft-deleted key of that name, or {@code null}. */
    private DeletedKey deleted(VaultKey vk, KeyRef ref) {
        try {
            return clients.keyClient(vk.host()).getDeletedKey(vk.name());
        } catch (RuntimeException e) {
            if (AzureErrors.hasStatus(e, 404)) {
                return null;
            }
            KmsException k = AzureErrors.translate("getDeletedKey", ref, e);
            if (k.code() == KmsErrorCode.PERMISSION_DENIED) {
                return null; // Reading deleted keys needs its own permission; without it, "not found" stands.
            }
            throw k;
        }
    }

    /**
     * Runs a call about one key. A 404 is told apart: a key that is soft-deleted gives
     * {@code INVALID_KEY_STATE}; for decrypt and unwrap, a key that exists (so the version named
     * by the ciphertext is not one of its own) gives {@code INTEGRITY}; otherwise {@code NOT_FOUND}.
     * A 400 from decrypt or unwrap means the ciphertext was rejected: {@code INTEGRITY}.
     */
    private <T> T callKey(String operation, VaultKey vk, KeyRef ref, boolean opening, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            if (AzureErrors.hasStatus(e, 404)) {
                if (opening && exists(vk, ref)) {
                    throw AzureErrors.error(KmsErrorCode.INTEGRITY, ref, operation + " with " + ref
                            + " failed: the ciphertext names a version the key does not have", e);
                }
                if (deleted(vk, ref) != null) {
                    throw AzureErrors.error(KmsErrorCode.INVALID_KEY_STATE, ref, operation + " on " + ref
                            + " refused: the key is deleted (pending purge); recover it with cancelDeletion", e);
                }
            }
            KmsException k = AzureErrors.translate(operation, ref, e);
            if (opening && k.code() == KmsErrorCode.INVALID_ARGUMENT) {
                KmsException.Builder b = KmsException.builder(KmsErrorCode.INTEGRITY, operation + " with " + ref
                        + " failed: Azure Key Vault rejected the ciphertext (" + k.providerErrorCode().orElse("400") + ")")
                        .provider(AzureErrors.SCHEME).keyRef(ref).cause(e);
                k.providerErrorCode().ifPresent(b::providerErrorCode);
                throw b.build();
            }
            throw k;
        }
    }

    private static <T> T call(String operation, KeyRef ref, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw AzureErrors.translate(operation, ref, e);
        }
    }

    /** Enabled, and within not-before and expiry: the only versions Key Vault lets operate. */
    private static boolean usable(KeyProperties p) {
        OffsetDateTime now = OffsetDateTime.now();
        return Boolean.TRUE.equals(p.isEnabled())
                && (p.getNotBefore() == null || !now.isBefore(p.getNotBefore()))
                && (p.getExpiresOn() == null || now.isBefore(p.getExpiresOn()));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** An ISO-8601 period of Key Vault's (years, months, days) in days, counting 365 per year and 30 per month. */
    private static Duration days(KeyRef ref, String iso) {
        try {
            Period p = Period.parse(iso);
            return Duration.ofDays(p.getYears() * 365L + p.getMonths() * 30L + p.getDays());
        } catch (DateTimeParseException e) {
            throw AzureErrors.error(KmsErrorCode.INTERNAL, ref, "Azure Key Vault returned a rotation period kms4j"
                    + " cannot read");
        }
    }

    private static void requireUnversioned(KeyRef ref, String operation) {
        if (ref.hasVersion()) {
            throw AzureErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, operation + " on " + ref + " refused: it"
                    + " applies to the whole key; pass the key without #version");
        }
    }

    @Override
    public void close() {
        kinds.clear();
        publicKeys.clear();
    }

    /** Vaults and credential source only. */
    @Override
    public String toString() {
        return "AzureKeyVaultProvider[" + settings + "]";
    }
}
