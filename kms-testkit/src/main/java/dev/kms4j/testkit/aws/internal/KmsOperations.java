package dev.kms4j.testkit.aws.internal;

import java.math.BigDecimal;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.spec.MGF1ParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The KMS operations of the fake, over parsed JSON: no HTTP and no WireMock types, so the logic
 * is testable directly. Each operation validates its input completely before changing state,
 * so a rejected request changes nothing.
 *
 * <p>Thread-safe (state lives in {@link FakeKeyRegistry} and {@link FakeKey}). Plaintexts and
 * data keys pass through as byte arrays that are zeroed once encoded into the answer.
 */
public final class KmsOperations {
    private static final int MAX_PLAINTEXT = 4096;
    private static final int MAX_MESSAGE = 4096;

    private final FakeKeyRegistry registry;
    private final Clock clock;

    public KmsOperations(String region, Clock clock) {
        this.registry = new FakeKeyRegistry(region);
        this.clock = clock;
    }

    /** Forgets every key and alias (zeroing their material). */
    public void clear() {
        registry.clear();
    }

    /** The ids of all keys, oldest first. */
    public List<String> keyIds() {
        List<String> ids = new ArrayList<>();
        registry.keys().forEach(k -> ids.add(k.id));
        return ids;
    }

    /** The KeyState of the key named by any KeyId form. */
    public String keyState(String keyId) {
        return registry.resolve(keyId, true).state();
    }

    /**
     * Runs one operation on a parsed request body and returns the answer body.
     *
     * @throws AwsError for every error KMS would answer
     */
    public Map<String, Object> invoke(String operation, Map<String, Object> body) {
        KmsRequest r = new KmsRequest(body);
        switch (operation) {
            case "CreateKey": return createKey(r);
            case "DescribeKey": return Map.of("KeyMetadata", metadata(registry.resolve(r.requiredString("KeyId"), true)));
            case "ListKeys": return listKeys(r);
            case "ListAliases": return listAliases(r);
            case "CreateAlias": return createAlias(r, false);
            case "UpdateAlias": return createAlias(r, true);
            case "DeleteAlias": return deleteAlias(r);
            case "EnableKey": return setEnabled(r, true);
            case "DisableKey": return setEnabled(r, false);
            case "ScheduleKeyDeletion": return scheduleKeyDeletion(r);
            case "CancelKeyDeletion": return cancelKeyDeletion(r);
            case "UpdateKeyDescription": return updateDescription(r);
            case "Encrypt": return encrypt(r);
            case "Decrypt": return decrypt(r);
            case "ReEncrypt": return reEncrypt(r);
            case "GenerateDataKey": return generateDataKey(r, true);
            case "GenerateDataKeyWithoutPlaintext": return generateDataKey(r, false);
            case "GenerateRandom": return generateRandom(r);
            case "Sign": return sign(r);
            case "Verify": return verify(r);
            case "GetPublicKey": return getPublicKey(r);
            case "GenerateMac": return generateMac(r);
            case "VerifyMac": return verifyMac(r);
            case "RotateKeyOnDemand": return rotateOnDemand(r);
            case "EnableKeyRotation": return setRotation(r, true);
            case "DisableKeyRotation": return setRotation(r, false);
            case "GetKeyRotationStatus": return rotationStatus(r);
            case "ListKeyRotations": return listRotations(r);
            case "TagResource": return tagResource(r);
            case "UntagResource": return untagResource(r);
            case "ListResourceTags": return listTags(r);
            default:
                throw new AwsError("UnknownOperationException", 400, null);
        }
    }

    // ---- key management ----

    private Map<String, Object> createKey(KmsRequest r) {
        String specName = r.string("KeySpec");
        if (specName == null) {
            specName = r.string("CustomerMasterKeySpec");
        }
        FakeKeySpec spec = FakeKeySpec.parse(specName == null ? "SYMMETRIC_DEFAULT" : specName);
        String usage = r.string("KeyUsage");
        if (usage == null) {
            if (spec.usages.size() > 1 && spec.isRsa()) {
                throw AwsError.validation("You must specify a KeyUsage value for an asymmetric KMS key.");
            }
            usage = spec.usages.get(0);
        }
        if (!List.of("ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT").contains(usage)) {
            throw AwsError.validation("1 validation error detected: Value '" + usage
                    + "' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set");
        }
        if (!spec.usages.contains(usage)) {
            throw AwsError.validation("KeyUsage " + usage + " is not compatible with KeySpec " + spec);
        }
        String description = r.string("Description");
        Map<String, String> tags = tags(r.list("Tags"));
        String id = UUID.randomUUID().toString();
        FakeKey key = new FakeKey(id, registry.keyArn(id), spec, usage, description == null ? "" : description,
                clock.instant());
        key.putTags(tags);
        registry.add(key);
        return Map.of("KeyMetadata", metadata(key));
    }

    private static Map<String, String> tags(List<?> list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object o : list) {
            if (!(o instanceof Map)) {
                throw AwsError.validation("Tags must be objects");
            }
            Object k = ((Map<?, ?>) o).get("TagKey");
            Object v = ((Map<?, ?>) o).get("TagValue");
            if (!(k instanceof String) || !(v instanceof String)) {
                throw new AwsError("TagException", 400, "Tags need a TagKey and a TagValue");
            }
            out.put((String) k, (String) v);
        }
        return out;
    }

    private Map<String, Object> metadata(FakeKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        String state = k.state();
        m.put("AWSAccountId", FakeKeyRegistry.ACCOUNT_ID);
        m.put("KeyId", k.id);
        m.put("Arn", k.arn);
        m.put("CreationDate", epochSeconds(k.created));
        m.put("Enabled", "Enabled".equals(state));
        m.put("Description", k.description());
        m.put("KeyUsage", k.usage);
        m.put("KeyState", state);
        if (k.deletionDate() != null) {
            m.put("DeletionDate", epochSeconds(k.deletionDate()));
        }
        m.put("Origin", "AWS_KMS");
        m.put("KeyManager", "CUSTOMER");
        m.put("CustomerMasterKeySpec", k.spec.name());
        m.put("KeySpec", k.spec.name());
        List<String> enc = k.spec.encryptionAlgorithms(k.usage);
        if (!enc.isEmpty()) {
            m.put("EncryptionAlgorithms", enc);
        }
        List<String> sig = k.spec.signingAlgorithms(k.usage);
        if (!sig.isEmpty()) {
            m.put("SigningAlgorithms", sig);
        }
        if (!k.spec.macAlgorithms.isEmpty()) {
            m.put("MacAlgorithms", k.spec.macAlgorithms);
        }
        m.put("MultiRegion", false);
        return m;
    }

    private static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    private Map<String, Object> listKeys(KmsRequest r) {
        List<FakeKey> all = registry.keys();
        List<Object> page = new ArrayList<>();
        int start = marker(r);
        int limit = limit(r);
        int end = Math.min(all.size(), start + limit);
        for (int i = start; i < end; i++) {
            page.add(Map.of("KeyId", all.get(i).id, "KeyArn", all.get(i).arn));
        }
        return paged("Keys", page, end, all.size());
    }

    private Map<String, Object> listAliases(KmsRequest r) {
        String filter = r.string("KeyId");
        String filterId = filter == null ? null : registry.resolve(filter, false).id;
        List<Object> entries = new ArrayList<>();
        if (filterId == null) {
            // The real service also lists predefined AWS-managed aliases that have no target.
            Map<String, Object> managed = new LinkedHashMap<>();
            managed.put("AliasName", "alias/aws/ebs");
            managed.put("AliasArn", registry.aliasArn("alias/aws/ebs"));
            entries.add(managed);
        }
        for (FakeKeyRegistry.Alias a : registry.aliases()) {
            if (filterId != null && !filterId.equals(a.targetKeyId)) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("AliasName", a.name);
            m.put("AliasArn", registry.aliasArn(a.name));
            m.put("TargetKeyId", a.targetKeyId);
            m.put("CreationDate", epochSeconds(a.created));
            m.put("LastUpdatedDate", epochSeconds(a.updated));
            entries.add(m);
        }
        int start = marker(r);
        int end = Math.min(entries.size(), start + limit(r));
        return paged("Aliases", new ArrayList<>(entries.subList(Math.min(start, entries.size()), end)), end,
                entries.size());
    }

    private static int limit(KmsRequest r) {
        Integer limit = r.integer("Limit");
        if (limit == null) {
            return 100;
        }
        if (limit < 1 || limit > 1000) {
            throw AwsError.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 1000");
        }
        return limit;
    }

    /** Markers are opaque to clients; here they encode the index of the next entry. */
    private static int marker(KmsRequest r) {
        String m = r.string("Marker");
        if (m == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(m), java.nio.charset.StandardCharsets.US_ASCII);
            if (!decoded.startsWith("next:")) {
                throw new IllegalArgumentException();
            }
            int i = Integer.parseInt(decoded.substring(5));
            if (i < 0) {
                throw new IllegalArgumentException();
            }
            return i;
        } catch (IllegalArgumentException e) {
            throw new AwsError("InvalidMarkerException", 400, "Invalid marker");
        }
    }

    private static Map<String, Object> paged(String member, List<Object> page, int end, int total) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(member, page);
        boolean truncated = end < total;
        out.put("Truncated", truncated);
        if (truncated) {
            out.put("NextMarker", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("next:" + end).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
        return out;
    }

    private Map<String, Object> createAlias(KmsRequest r, boolean update) {
        String name = r.requiredString("AliasName");
        validateAliasName(name);
        FakeKey target = registry.resolve(r.requiredString("TargetKeyId"), false);
        if ("PendingDeletion".equals(target.state())) {
            throw AwsError.invalidState(target.arn + " is pending deletion.");
        }
        if (update) {
            registry.updateAlias(name, target, clock.instant());
        } else {
            registry.createAlias(name, target, clock.instant());
        }
        return Map.of();
    }

    private static void validateAliasName(String name) {
        if (!name.startsWith("alias/") || name.length() > 256 || name.length() <= 6
                || !name.substring(6).matches("[a-zA-Z0-9:/_-]+")) {
            throw AwsError.validation("1 validation error detected: Value '" + name
                    + "' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: ^alias/[a-zA-Z0-9/_-]+$");
        }
        if (name.startsWith("alias/aws/")) {
            throw new AwsError("InvalidAliasNameException", 400, "The alias prefix alias/aws/ is reserved for AWS managed keys");
        }
    }

    private Map<String, Object> deleteAlias(KmsRequest r) {
        String name = r.requiredString("AliasName");
        registry.deleteAlias(name);
        return Map.of();
    }

    private Map<String, Object> setEnabled(KmsRequest r, boolean enabled) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), false);
        synchronized (k) {
            if ("PendingDeletion".equals(k.state())) {
                throw AwsError.invalidState(k.arn + " is pending deletion.");
            }
            k.setState(enabled ? "Enabled" : "Disabled");
        }
        return Map.of();
    }

    private Map<String, Object> scheduleKeyDeletion(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), false);
        Integer window = r.integer("PendingWindowInDays");
        int days = window == null ? 30 : window;
        if (days < 7 || days > 30) {
            throw AwsError.validation("1 validation error detected: Value '" + days
                    + "' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30");
        }
        Instant date;
        synchronized (k) {
            if ("PendingDeletion".equals(k.state())) {
                throw AwsError.invalidState(k.arn + " is pending deletion.");
            }
            date = clock.instant().plus(Duration.ofDays(days));
            k.scheduleDeletion(date, days);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("KeyId", k.arn);
        out.put("DeletionDate", epochSeconds(date));
        out.put("KeyState", "PendingDeletion");
        out.put("PendingWindowInDays", days);
        return out;
    }

    private Map<String, Object> cancelKeyDeletion(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), false);
        synchronized (k) {
            if (!"PendingDeletion".equals(k.state())) {
                throw AwsError.invalidState(k.arn + " is not pending deletion.");
            }
            k.setState("Disabled");
        }
        return Map.of("KeyId", k.arn);
    }

    private Map<String, Object> updateDescription(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), false);
        String d = r.string("Description");
        if (d == null) {
            throw KmsRequest.missing("Description");
        }
        requireNotPendingDeletion(k);
        k.setDescription(d);
        return Map.of();
    }

    // ---- key state and usage checks ----

    /** Cryptographic operations need an Enabled key. */
    private static void requireEnabled(FakeKey k) {
        String state = k.state();
        if ("Disabled".equals(state)) {
            throw AwsError.disabled(k.arn + " is disabled.");
        }
        if (!"Enabled".equals(state)) {
            throw AwsError.invalidState(k.arn + " is pending deletion.");
        }
    }

    private static void requireNotPendingDeletion(FakeKey k) {
        if ("PendingDeletion".equals(k.state())) {
            throw AwsError.invalidState(k.arn + " is pending deletion.");
        }
    }

    private static void requireUsage(FakeKey k, String usage, String operation) {
        if (!usage.equals(k.usage)) {
            throw AwsError.invalidKeyUsage("You cannot use " + operation + " with " + k.arn
                    + " because its KeyUsage is " + k.usage + ".");
        }
    }

    private static String algorithm(KmsRequest r, String member, List<String> allowed, FakeKey k, String dflt) {
        String alg = r.string(member);
        if (alg == null) {
            if (dflt == null) {
                throw KmsRequest.missing(member);
            }
            alg = dflt;
        }
        if (!allowed.contains(alg)) {
            throw AwsError.invalidKeyUsage("Algorithm " + alg + " is not compatible with " + k.arn + ".");
        }
        return alg;
    }

    // ---- encryption ----

    private Map<String, Object> encrypt(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), true);
        byte[] plaintext = r.requiredBytes("Plaintext", 1, MAX_PLAINTEXT);
        try {
            Map<String, String> context = r.stringMap("EncryptionContext");
            requireEnabled(k);
            requireUsage(k, "ENCRYPT_DECRYPT", "Encrypt");
            String alg = algorithm(r, "EncryptionAlgorithm", k.spec.encryptionAlgorithms(k.usage), k,
                    "SYMMETRIC_DEFAULT");
            byte[] blob = sealFor(k, alg, plaintext, context);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("CiphertextBlob", b64(blob));
            out.put("KeyId", k.arn);
            out.put("EncryptionAlgorithm", alg);
            return out;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private byte[] sealFor(FakeKey k, String alg, byte[] plaintext, Map<String, String> context) {
        if (k.spec.isSymmetric()) {
            int version = k.currentVersion();
            byte[] backing = k.backingKey(version);
            try {
                return SymmetricCiphertext.encrypt(k.id, version, backing, plaintext, context);
            } finally {
                Arrays.fill(backing, (byte) 0);
            }
        }
        if (!context.isEmpty()) {
            throw AwsError.validation("EncryptionContext is not supported with asymmetric KMS keys");
        }
        try {
            Cipher c = rsaCipher(alg);
            if (plaintext.length > rsaMaxPlaintext(k, alg)) {
                throw AwsError.validation("Plaintext is too long for " + alg + " with " + k.spec);
            }
            c.init(Cipher.ENCRYPT_MODE, k.keyPair.getPublic(), oaep(alg), Crypto.RANDOM);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA encryption failed", e);
        }
    }

    private static int rsaMaxPlaintext(FakeKey k, String alg) {
        int modulusBytes = ((java.security.interfaces.RSAPublicKey) k.keyPair.getPublic()).getModulus().bitLength() / 8;
        int hashLen = "RSAES_OAEP_SHA_1".equals(alg) ? 20 : 32;
        return modulusBytes - 2 * hashLen - 2;
    }

    private static Cipher rsaCipher(String alg) throws GeneralSecurityException {
        return Cipher.getInstance("RSA/ECB/OAEPPadding");
    }

    private static OAEPParameterSpec oaep(String alg) {
        return "RSAES_OAEP_SHA_1".equals(alg)
                ? new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)
                : new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    }

    /** The key and plaintext of an opened ciphertext. */
    private static final class Opened {
        final FakeKey key;
        final String algorithm;
        final byte[] plaintext;

        Opened(FakeKey key, String algorithm, byte[] plaintext) {
            this.key = key;
            this.algorithm = algorithm;
            this.plaintext = plaintext;
        }
    }

    private Opened open(KmsRequest r, String keyIdMember, String contextMember, String algMember) {
        byte[] blob = r.requiredBytes("CiphertextBlob", 1, 6144);
        Map<String, String> context = r.stringMap(contextMember);
        String keyId = r.string(keyIdMember);
        FakeKey named = keyId == null ? null : registry.resolve(keyId, true);
        String requestedAlg = r.string(algMember);
        if (named != null && named.spec.isRsa()) {
            requireEnabled(named);
            requireUsage(named, "ENCRYPT_DECRYPT", "Decrypt");
            String alg = algorithm(r, algMember, named.spec.encryptionAlgorithms(named.usage), named, null);
            try {
                Cipher c = rsaCipher(alg);
                c.init(Cipher.DECRYPT_MODE, named.keyPair.getPrivate(), oaep(alg));
                return new Opened(named, alg, c.doFinal(blob));
            } catch (GeneralSecurityException e) {
                throw AwsError.invalidCiphertext();
            }
        }
        if (requestedAlg != null && !"SYMMETRIC_DEFAULT".equals(requestedAlg)) {
            if (named != null) {
                throw AwsError.invalidKeyUsage("Algorithm " + requestedAlg + " is not compatible with " + named.arn);
            }
            throw AwsError.invalidCiphertext();
        }
        SymmetricCiphertext.Header header = SymmetricCiphertext.parseHeader(blob);
        FakeKey owner = registry.byId(header.keyId);
        if (owner == null || !owner.spec.isSymmetric()) {
            throw AwsError.invalidCiphertext();
        }
        if (named != null && named != owner) {
            throw new AwsError("IncorrectKeyException", 400,
                    "The key ID in the request does not identify a KMS key that can perform this operation.");
        }
        requireEnabled(owner);
        byte[] backing = owner.backingKey(header.version);
        if (backing == null) {
            throw AwsError.invalidCiphertext();
        }
        try {
            return new Opened(owner, "SYMMETRIC_DEFAULT", SymmetricCiphertext.decrypt(blob, backing, context));
        } finally {
            Arrays.fill(backing, (byte) 0);
        }
    }

    private Map<String, Object> decrypt(KmsRequest r) {
        Opened o = open(r, "KeyId", "EncryptionContext", "EncryptionAlgorithm");
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("KeyId", o.key.arn);
            out.put("Plaintext", b64(o.plaintext));
            out.put("EncryptionAlgorithm", o.algorithm);
            return out;
        } finally {
            Arrays.fill(o.plaintext, (byte) 0);
        }
    }

    private Map<String, Object> reEncrypt(KmsRequest r) {
        FakeKey dest = registry.resolve(r.requiredString("DestinationKeyId"), true);
        Map<String, String> destContext = r.stringMap("DestinationEncryptionContext");
        Opened o = open(r, "SourceKeyId", "SourceEncryptionContext", "SourceEncryptionAlgorithm");
        try {
            requireEnabled(dest);
            requireUsage(dest, "ENCRYPT_DECRYPT", "ReEncrypt");
            String alg = algorithm(r, "DestinationEncryptionAlgorithm", dest.spec.encryptionAlgorithms(dest.usage),
                    dest, "SYMMETRIC_DEFAULT");
            byte[] blob = sealFor(dest, alg, o.plaintext, destContext);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("CiphertextBlob", b64(blob));
            out.put("SourceKeyId", o.key.arn);
            out.put("KeyId", dest.arn);
            out.put("SourceEncryptionAlgorithm", o.algorithm);
            out.put("DestinationEncryptionAlgorithm", alg);
            return out;
        } finally {
            Arrays.fill(o.plaintext, (byte) 0);
        }
    }

    private Map<String, Object> generateDataKey(KmsRequest r, boolean withPlaintext) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), true);
        String spec = r.string("KeySpec");
        Integer n = r.integer("NumberOfBytes");
        int length;
        if (spec != null && n != null) {
            throw AwsError.validation("Specify either KeySpec or NumberOfBytes, not both");
        } else if ("AES_256".equals(spec)) {
            length = 32;
        } else if ("AES_128".equals(spec)) {
            length = 16;
        } else if (spec != null) {
            throw AwsError.validation("1 validation error detected: Value '" + spec
                    + "' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]");
        } else if (n != null) {
            if (n < 1 || n > 1024) {
                throw AwsError.validation("1 validation error detected: Value '" + n
                        + "' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024");
            }
            length = n;
        } else {
            throw AwsError.validation("Specify either KeySpec or NumberOfBytes");
        }
        Map<String, String> context = r.stringMap("EncryptionContext");
        requireEnabled(k);
        requireUsage(k, "ENCRYPT_DECRYPT", "GenerateDataKey");
        if (!k.spec.isSymmetric()) {
            throw AwsError.invalidKeyUsage(k.arn + " is not a symmetric key.");
        }
        byte[] dataKey = Crypto.randomBytes(length);
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("CiphertextBlob", b64(sealFor(k, "SYMMETRIC_DEFAULT", dataKey, context)));
            if (withPlaintext) {
                out.put("Plaintext", b64(dataKey));
            }
            out.put("KeyId", k.arn);
            return out;
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private Map<String, Object> generateRandom(KmsRequest r) {
        Integer n = r.integer("NumberOfBytes");
        if (n == null || n < 1 || n > 1024) {
            throw AwsError.validation("NumberOfBytes must be between 1 and 1024");
        }
        byte[] b = Crypto.randomBytes(n);
        try {
            return Map.of("Plaintext", b64(b));
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    // ---- signatures and MACs ----

    /**
     * The bytes the signature scheme consumes: the digest for hash-then-sign algorithms, the raw
     * message for pure Ed25519. AWS ties each Ed25519 algorithm to one message type: pure
     * ED25519_SHA_512 only RAW, pre-hash ED25519_PH_SHA_512 only DIGEST.
     */
    private byte[] digestFor(KmsRequest r, String alg) {
        byte[] message = r.requiredBytes("Message", 1, MAX_MESSAGE);
        String type = r.string("MessageType");
        boolean raw = type == null || "RAW".equals(type);
        if (!raw && !"DIGEST".equals(type)) {
            throw AwsError.validation("1 validation error detected: Value '" + type
                    + "' at 'messageType' failed to satisfy constraint: Member must satisfy enum value set: [DIGEST, RAW]");
        }
        if (Signatures.isPureEd25519(alg)) {
            if (!raw) {
                throw AwsError.validation("The ED25519_SHA_512 signing algorithm requires MessageType RAW.");
            }
            return message;
        }
        if ("ED25519_PH_SHA_512".equals(alg) && raw) {
            throw AwsError.validation("The ED25519_PH_SHA_512 signing algorithm requires MessageType DIGEST.");
        }
        if (raw) {
            return Signatures.digest(alg, message);
        }
        if (message.length != Signatures.digestLength(alg)) {
            throw AwsError.validation("Digest is invalid length for algorithm " + alg + ".");
        }
        return message;
    }

    private Map<String, Object> sign(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), true);
        requireEnabled(k);
        requireUsage(k, "SIGN_VERIFY", "Sign");
        String alg = algorithm(r, "SigningAlgorithm", k.spec.signingAlgorithms(k.usage), k, null);
        byte[] digest = digestFor(r, alg);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("KeyId", k.arn);
        out.put("Signature", b64(Signatures.sign(alg, k.keyPair.getPrivate(), digest)));
        out.put("SigningAlgorithm", alg);
        return out;
    }

    private Map<String, Object> verify(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), true);
        requireEnabled(k);
        requireUsage(k, "SIGN_VERIFY", "Verify");
        String alg = algorithm(r, "SigningAlgorithm", k.spec.signingAlgorithms(k.usage), k, null);
        byte[] digest = digestFor(r, alg);
        byte[] signature = r.requiredBytes("Signature", 1, 6144);
        if (!Signatures.verify(alg, k.keyPair.getPublic(), digest, signature)) {
            throw new AwsError("KMSInvalidSignatureException", 400, null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("KeyId", k.arn);
        out.put("SignatureValid", true);
        out.put("SigningAlgorithm", alg);
        return out;
    }

    private Map<String, Object> getPublicKey(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), true);
        requireEnabled(k);
        if (!k.spec.isAsymmetric()) {
            throw AwsError.unsupported(k.arn + " key usage is not supported for this operation.");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("KeyId", k.arn);
        out.put("PublicKey", b64(k.keyPair.getPublic().getEncoded()));
        out.put("CustomerMasterKeySpec", k.spec.name());
        out.put("KeySpec", k.spec.name());
        out.put("KeyUsage", k.usage);
        List<String> enc = k.spec.encryptionAlgorithms(k.usage);
        if (!enc.isEmpty()) {
            out.put("EncryptionAlgorithms", enc);
        }
        List<String> sig = k.spec.signingAlgorithms(k.usage);
        if (!sig.isEmpty()) {
            out.put("SigningAlgorithms", sig);
        }
        return out;
    }

    private byte[] mac(FakeKey k, String alg, byte[] message) {
        try {
            String jca = "Hmac" + alg.substring("HMAC_".length()).replace("_", "");
            Mac mac = Mac.getInstance(jca);
            mac.init(new SecretKeySpec(k.hmacKey, jca));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC failed", e);
        }
    }

    private Map<String, Object> generateMac(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), true);
        byte[] message = r.requiredBytes("Message", 1, MAX_MESSAGE);
        requireEnabled(k);
        requireUsage(k, "GENERATE_VERIFY_MAC", "GenerateMac");
        String alg = algorithm(r, "MacAlgorithm", k.spec.macAlgorithms, k, null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Mac", b64(mac(k, alg, message)));
        out.put("MacAlgorithm", alg);
        out.put("KeyId", k.arn);
        return out;
    }

    private Map<String, Object> verifyMac(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), true);
        byte[] message = r.requiredBytes("Message", 1, MAX_MESSAGE);
        byte[] given = r.requiredBytes("Mac", 1, 6144);
        requireEnabled(k);
        requireUsage(k, "GENERATE_VERIFY_MAC", "VerifyMac");
        String alg = algorithm(r, "MacAlgorithm", k.spec.macAlgorithms, k, null);
        if (!MessageDigest.isEqual(mac(k, alg, message), given)) {
            throw new AwsError("KMSInvalidMacException", 400, null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("KeyId", k.arn);
        out.put("MacValid", true);
        out.put("MacAlgorithm", alg);
        return out;
    }

    // ---- rotation ----

    private FakeKey rotatableKey(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), false);
        if (!k.spec.isSymmetric()) {
            throw AwsError.unsupported(k.arn + " does not support automatic or on-demand key rotation.");
        }
        return k;
    }

    private Map<String, Object> rotateOnDemand(KmsRequest r) {
        FakeKey k = rotatableKey(r);
        requireEnabled(k);
        k.rotate(clock.instant(), "ON_DEMAND");
        return Map.of("KeyId", k.arn);
    }

    private Map<String, Object> setRotation(KmsRequest r, boolean enabled) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), false);
        Integer period = enabled ? r.integer("RotationPeriodInDays") : null;
        if (period != null && (period < 90 || period > 2560)) {
            throw AwsError.validation("1 validation error detected: Value '" + period
                    + "' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value between 90 and 2560");
        }
        if (!k.spec.isSymmetric()) {
            throw AwsError.unsupported(k.arn + " does not support automatic key rotation.");
        }
        requireEnabled(k);
        k.setRotation(enabled, period);
        return Map.of();
    }

    private Map<String, Object> rotationStatus(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), false);
        if (!k.spec.isSymmetric()) {
            throw AwsError.unsupported(k.arn + " does not support automatic key rotation.");
        }
        requireNotPendingDeletion(k);
        Map<String, Object> out = new LinkedHashMap<>();
        boolean enabled = k.rotationEnabled();
        out.put("KeyRotationEnabled", enabled);
        out.put("KeyId", k.arn);
        if (enabled) {
            out.put("RotationPeriodInDays", k.rotationPeriodInDays());
            out.put("NextRotationDate", epochSeconds(clock.instant().plus(Duration.ofDays(k.rotationPeriodInDays()))));
        }
        return out;
    }

    private Map<String, Object> listRotations(KmsRequest r) {
        FakeKey k = rotatableKey(r);
        List<Object> entries = new ArrayList<>();
        for (FakeKey.Rotation rot : k.rotations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("KeyId", k.arn);
            m.put("RotationDate", epochSeconds(rot.date));
            m.put("RotationType", rot.type);
            entries.add(m);
        }
        int start = marker(r);
        int end = Math.min(entries.size(), start + limit(r));
        return paged("Rotations", new ArrayList<>(entries.subList(Math.min(start, entries.size()), end)), end,
                entries.size());
    }

    // ---- tags ----

    private Map<String, Object> tagResource(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), false);
        Map<String, String> t = tags(r.list("Tags"));
        requireNotPendingDeletion(k);
        k.putTags(t);
        return Map.of();
    }

    private Map<String, Object> untagResource(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), false);
        List<String> keys = new ArrayList<>();
        for (Object o : r.list("TagKeys")) {
            if (!(o instanceof String)) {
                throw AwsError.validation("TagKeys must be strings");
            }
            keys.add((String) o);
        }
        requireNotPendingDeletion(k);
        k.removeTags(keys);
        return Map.of();
    }

    private Map<String, Object> listTags(KmsRequest r) {
        FakeKey k = registry.resolve(r.requiredString("KeyId"), false);
        List<Object> tags = new ArrayList<>();
        k.tags().forEach((key, value) -> tags.add(Map.of("TagKey", key, "TagValue", value)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Tags", tags);
        out.put("Truncated", false);
        return out;
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
