package dev.kms4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kms4j.Capability;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyType;
import dev.kms4j.KeyVersionMetadata;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.PublicKeys;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The provider conformance suite (TCK): the behaviour every kms4j provider must show, as one
 * abstract JUnit 5 class that each provider module's tests extend.
 *
 * <p>A provider test supplies a manager with its provider enabled and fresh key references:
 * <pre>{@code
 * class LocalProviderInMemoryContractTest extends KmsProviderContract {
 *     protected KmsManager createManager() {
 *         return KmsManager.builder()
 *                 .enable("local", ProviderConfig.of(Map.of("path", ":memory:")))
 *                 .build();
 *     }
 *
 *     protected KeyRef newKeyRef(String hint) {
 *         return KeyRef.of("local", hint + "-" + UUID.randomUUID());
 *     }
 * }
 * }</pre>
 * and, where its backend differs from the defaults, overrides the other hooks
 * ({@link #supportedKeySpecs()}, {@link #signatureAlgorithms(KeySpec)}, {@link #exposesVersions()},
 * {@link #rotates(KeySpec)}, {@link #minDeletionWindow()}, {@link #acceptsEmptyPlaintext()}, {@link #listPrefix(KeyRef)}).
 * The same subclass runs in-VM against the testkit fakes and, under {@code -Pintegration},
 * against the real service; a real-cloud subclass skips itself without credentials with a JUnit
 * assumption in a {@code @BeforeAll} method.
 *
 * <p>What is checked: round trips for every supported key spec (encrypt/decrypt, wrap/unwrap,
 * data keys, sign/verify, signatures checked with plain {@link Signature}, ECDSA in DER);
 * rotation (old ciphertexts, wrapped keys and signatures keep working, new ones use the new
 * version, wrapped keys name the exact version); error codes (context mismatch, tampering,
 * another key's ciphertext, unknown keys and versions, disabled and pending-deletion keys,
 * unsupported operations, existing ids), and that failed calls leave the key unchanged; metadata;
 * that no exception or {@code toString()} contains plaintext or key bytes; and correctness under
 * eight concurrent threads with a rotation in the middle. Tests of a capability the provider does
 * not declare are skipped with a JUnit assumption naming it.
 *
 * <p>Lifecycle: JUnit's default, a new instance per test. {@link #createManager()} is called
 * before each test, after the subclass's own fixtures ({@code @TempDir} fields, extensions) are
 * in place, and the manager is closed after the test. Every hook is called during a test, never
 * at discovery time, so hooks may use those fixtures. Parameterized tests run over every
 * {@link KeySpec} of the right family and skip, with a message, the specs that are not in
 * {@link #supportedKeySpecs()}. Tests create keys and do not delete them; a subclass that keeps
 * one store for all tests gets unique ids from {@link #newKeyRef(String)}.
 *
 * <p>Not thread-safe; JUnit runs one test of an instance at a time.
 */
public abstract class KmsProviderContract {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final EncryptionContext CONTEXT =
            EncryptionContext.of(Map.of("tenant", "acme", "purpose", "kms4j-contract"));
    private static final byte[] MESSAGE = "kms4j contract: a message to sign".getBytes(StandardCharsets.UTF_8);
    private static final int THREADS = 8;
    private static final int ITERATIONS_PER_THREAD = 24;

    private KmsManager kms;
    private String scheme;
    private Set<Capability> capabilities;
    private Set<KeySpec> specs;

    // ---- extension surface ---------------------------------------------------------------------

    /** Called before each test: a manager with the provider under test enabled. The contract closes it after the test. */
    protected abstract KmsManager createManager();

    /** A fresh reference for a key that does not exist yet, unique per call (hint is a readable word to include). */
    protected abstract KeyRef newKeyRef(String hint);

    /**
     * Key specs to exercise; default: every {@link KeySpec} whose type the provider can create,
     * judged from the capabilities it declares (symmetric keys if it encrypts, wraps or makes data
     * keys; HMAC keys if it signs; EC, Edwards and RSA key pairs if it signs and exports public
     * keys). Override to narrow it to the specs the backend really offers: every spec listed here
     * must be creatable, or {@code createKeyMakesAnEnabledUnversionedKeyOfTheRequestedSpec} fails.
     * Called during each test, after {@link #createManager()}.
     */
    protected Set<KeySpec> supportedKeySpecs() {
        return ContractSpecs.creatableWith(capabilities);
    }

    /**
     * The signature or MAC algorithms to exercise with keys of {@code spec}; default: every
     * {@link SignatureAlgorithm} compatible with it. Override for backends that bind a key to
     * fewer algorithms (AWS KMS allows only ECDSA_SHA384 with a P-384 key, for example).
     */
    protected Set<SignatureAlgorithm> signatureAlgorithms(KeySpec spec) {
        return ContractSpecs.compatibleAlgorithms(spec).stream()
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(SignatureAlgorithm.class)));
    }

    /**
     * Whether the provider exposes key versions: {@code rotate} returns a versioned reference,
     * wrapped keys name the exact KEK version, metadata lists versions and single versions can be
     * disabled. Default {@code true}; return {@code false} for backends that keep versions
     * internal (AWS KMS), which skips the version-specific checks.
     */
    protected boolean exposesVersions() {
        return true;
    }

    /**
     * The pending window the contract schedules deletions with: the shortest the backend accepts,
     * and longer than a test run. Default seven days (the AWS KMS minimum).
     */
    protected Duration minDeletionWindow() {
        return Duration.ofDays(7);
    }

    /**
     * Whether {@code encrypt} accepts an empty plaintext. Default {@code true}; AWS KMS requires
     * at least one byte, so its provider returns {@code false} and the empty-plaintext round trip
     * is skipped.
     */
    protected boolean acceptsEmptyPlaintext() {
        return true;
    }

    /**
     * Whether keys of {@code spec} can be rotated. Default {@code true} for every spec when the
     * provider declares {@link Capability#ROTATE}; return {@code false} for specs the backend
     * cannot rotate (AWS KMS rotates only symmetric encryption keys), which skips the rotation
     * checks for those specs and leaves rotation out of their concurrency runs. Such a provider
     * must answer {@code rotate} on those keys with {@code UNSUPPORTED}.
     */
    protected boolean rotates(KeySpec spec) {
        return true;
    }

    /**
     * The URI prefix under which {@code listKeys} shows {@code key}. Default
     * {@code "<scheme>://"}; remote providers that list per vault or mount return that scope, for
     * example {@code "vault-transit://host:8200/transit/"}.
     */
    protected String listPrefix(KeyRef key) {
        return key.scheme() + "://";
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    @BeforeEach
    final void openManager() {
        kms = createManager();
        assertThat(kms).as("createManager()").isNotNull();
        scheme = newKeyRef("scheme").scheme();
        assertThat(kms.schemes()).as("schemes enabled by createManager()").contains(scheme);
        capabilities = kms.capabilities(scheme);
    }

    @AfterEach
    final void closeManager() {
        if (kms != null) {
            kms.close();
            kms = null;
        }
    }

    // ---- parameter sources (static: evaluated at discovery time, before any fixture exists) ----

    static Stream<KeySpec> allSpecs() {
        return Stream.of(KeySpec.values());
    }

    static Stream<KeySpec> symmetricSpecs() {
        return allSpecs().filter(s -> s.type() == KeyType.SYMMETRIC);
    }

    static Stream<KeySpec> signingSpecs() {
        return allSpecs().filter(s -> s.type() != KeyType.SYMMETRIC);
    }

    static Stream<KeySpec> asymmetricSpecs() {
        return allSpecs().filter(KeySpec::isAsymmetric);
    }

    static Stream<KeySpec> ecSpecs() {
        return allSpecs().filter(s -> s.type() == KeyType.EC);
    }

    static Stream<KeySpec> macSpecs() {
        return allSpecs().filter(s -> s.type() == KeyType.HMAC);
    }

    /** The signing families; costlier checks run once per family, with its preferred supported spec. */
    static Stream<KeyType> signingFamilies() {
        return Stream.of(KeyType.EC, KeyType.EDWARDS, KeyType.RSA, KeyType.HMAC);
    }

    /** The key-pair families. */
    static Stream<KeyType> keyPairFamilies() {
        return Stream.of(KeyType.EC, KeyType.EDWARDS, KeyType.RSA);
    }

    private Set<KeySpec> specs() {
        if (specs == null) {
            Set<KeySpec> supported = EnumSet.noneOf(KeySpec.class);
            supported.addAll(supportedKeySpecs());
            specs = supported;
        }
        return specs;
    }

    /** Skips the test unless {@code spec} is among {@link #supportedKeySpecs()}. */
    private KeySpec supported(KeySpec spec) {
        assumeTrue(specs().contains(spec), () -> spec + " is not in supportedKeySpecs() of provider '" + scheme + "'");
        return spec;
    }

    /** The preferred supported spec of a family; skips the test if there is none. */
    private KeySpec representative(KeyType family) {
        return ContractSpecs.preferred(specs(), family)
                .orElseGet(() -> abort("no " + family + " key spec is in supportedKeySpecs() of provider '" + scheme + "'"));
    }

    /** The preferred supported spec of the first signing family that has one. */
    private KeySpec anySigningSpec() {
        return signingFamilies().flatMap(t -> ContractSpecs.preferred(specs(), t).stream()).findFirst()
                .orElseGet(() -> abort("no signing key spec is in supportedKeySpecs() of provider '" + scheme + "'"));
    }

    // ---- round trips -----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("allSpecs")
    void createKeyMakesAnEnabledUnversionedKeyOfTheRequestedSpec(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.METADATA);

        KeyRef key = kms.createKey(newKeyRef(hint(spec)), spec);

        assertThat(key.scheme()).as("scheme of the created key").isEqualTo(scheme);
        assertThat(key.hasVersion()).as("createKey returns an unversioned reference: %s", key).isFalse();
        KeyMetadata md = kms.metadata(key);
        assertThat(md.ref()).as("metadata ref").isEqualTo(key);
        assertThat(md.spec()).as("metadata spec").isEqualTo(spec);
        assertThat(md.usage()).as("metadata usage").isEqualTo(spec.defaultUsage());
        assertThat(md.state()).as("metadata state").isEqualTo(KeyState.ENABLED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("symmetricSpecs")
    void decryptReturnsThePlaintextEncryptedUnderTheSameContext(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT, Capability.DECRYPT);
        KeyRef key = createKey(spec, "encrypt");
        byte[] plaintext = randomBytes(100);

        byte[] ciphertext = kms.encrypt(key, plaintext, CONTEXT);

        assertThat(kms.decrypt(key, ciphertext, CONTEXT)).isEqualTo(plaintext);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("symmetricSpecs")
    void emptyPlaintextRoundTrips(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT, Capability.DECRYPT);
        assumeTrue(acceptsEmptyPlaintext(), "provider declares that it does not accept empty plaintexts");
        KeyRef key = createKey(spec, "empty");

        byte[] ciphertext = kms.encrypt(key, new byte[0], CONTEXT);

        assertThat(kms.decrypt(key, ciphertext, CONTEXT)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("symmetricSpecs")
    void emptyContextRoundTrips(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT, Capability.DECRYPT);
        KeyRef key = createKey(spec, "no-context");
        byte[] plaintext = randomBytes(32);

        byte[] ciphertext = kms.encrypt(key, plaintext, EncryptionContext.empty());

        assertThat(kms.decrypt(key, ciphertext, EncryptionContext.empty())).isEqualTo(plaintext);
    }

    @Test
    void encryptingTheSamePlaintextTwiceGivesDifferentCiphertexts() {
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT);
        KeyRef key = createKey(encryptionSpec(), "randomized");
        byte[] plaintext = randomBytes(32);

        assertThat(kms.encrypt(key, plaintext, CONTEXT)).isNotEqualTo(kms.encrypt(key, plaintext, CONTEXT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("symmetricSpecs")
    void unwrapReturnsTheWrappedKeyBytes(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.WRAP, Capability.UNWRAP);
        KeyRef kek = createKey(spec, "wrap");
        byte[] keyBytes = randomBytes(32);

        WrappedKey wrapped = kms.wrap(kek, keyBytes, CONTEXT);

        try (DataKey unwrapped = kms.unwrap(wrapped, CONTEXT)) {
            assertThat(unwrapped.copyPlaintext()).isEqualTo(keyBytes);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("symmetricSpecs")
    void dataKeyUnwrapsToTheSameBytes(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.DATA_KEY, Capability.UNWRAP);
        KeyRef kek = createKey(spec, "dek");

        for (DekSpec dekSpec : DekSpec.values()) {
            try (DataKey dek = kms.createDek(kek, dekSpec, CONTEXT);
                 DataKey unwrapped = kms.unwrap(dek.wrapped(), CONTEXT)) {
                assertThat(dek.length()).as("%s length", dekSpec).isEqualTo(dekSpec.lengthBytes());
                assertThat(unwrapped.copyPlaintext()).as("%s unwrapped", dekSpec).isEqualTo(dek.copyPlaintext());
            }
        }
    }

    @Test
    void dataKeysAreFreshEachTime() {
        assumeCapabilities(Capability.CREATE, Capability.DATA_KEY);
        KeyRef kek = createKey(encryptionSpec(), "fresh-dek");

        try (DataKey first = kms.createDek(kek, DekSpec.AES_256, CONTEXT);
             DataKey second = kms.createDek(kek, DekSpec.AES_256, CONTEXT)) {
            assertThat(first.copyPlaintext()).isNotEqualTo(second.copyPlaintext());
        }
    }

    @Test
    void wrappedKeyUnwrapsAfterSerialization() {
        assumeCapabilities(Capability.CREATE, Capability.WRAP, Capability.UNWRAP);
        KeyRef kek = createKey(encryptionSpec(), "stored-wrap");
        byte[] keyBytes = randomBytes(32);
        byte[] stored = kms.wrap(kek, keyBytes, CONTEXT).toBytes();

        try (DataKey unwrapped = kms.unwrap(WrappedKey.fromBytes(stored), CONTEXT)) {
            assertThat(unwrapped.copyPlaintext()).isEqualTo(keyBytes);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingSpecs")
    void verifyAcceptsSignaturesOfEverySupportedAlgorithm(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.SIGN, Capability.VERIFY);
        KeyRef key = createKey(spec, "sign");

        for (SignatureAlgorithm algorithm : algorithms(spec)) {
            byte[] signature = kms.sign(key, algorithm, MESSAGE);
            assertThat(kms.verify(key, algorithm, MESSAGE, signature)).as("%s signature verifies", algorithm).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("asymmetricSpecs")
    void signaturesVerifyWithTheJdkAndTheExportedPublicKey(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.SIGN, Capability.PUBLIC_KEY);
        KeyRef key = createKey(spec, "jdk-verify");
        PublicKey publicKey = kms.getPublicKey(key);

        for (SignatureAlgorithm algorithm : algorithms(spec)) {
            byte[] signature = kms.sign(key, algorithm, MESSAGE);
            assertThat(jdkVerify(spec, publicKey, algorithm, MESSAGE, signature))
                    .as("%s signature verifies with java.security.Signature", algorithm).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyPairFamilies")
    void exportedPublicKeyHasAnX509Encoding(KeyType family) {
        KeySpec spec = representative(family);
        assumeCapabilities(Capability.CREATE, Capability.PUBLIC_KEY);
        KeyRef key = createKey(spec, "public-key");

        PublicKey publicKey = kms.getPublicKey(key);

        assertThat(publicKey.getFormat()).isEqualTo("X.509");
        assertThat(PublicKeys.toDer(publicKey)).isEqualTo(publicKey.getEncoded());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ecSpecs")
    void ecdsaSignaturesAreDerSequencesOfTwoIntegers(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.SIGN);
        KeyRef key = createKey(spec, "der");
        PublicKey publicKey = capabilities.contains(Capability.PUBLIC_KEY) ? kms.getPublicKey(key) : null;

        for (SignatureAlgorithm algorithm : algorithms(spec)) {
            byte[] signature = kms.sign(key, algorithm, MESSAGE);
            DerEcdsaSignature der;
            try {
                der = DerEcdsaSignature.parse(signature);
            } catch (IllegalArgumentException e) {
                throw new AssertionError(algorithm + " signature of " + signature.length
                        + " bytes is not DER (is it IEEE P1363 r||s?): " + e.getMessage(), e);
            }
            if (publicKey instanceof ECPublicKey) {
                java.math.BigInteger order = ((ECPublicKey) publicKey).getParams().getOrder();
                assertThat(der.r()).as("%s r below the curve order", algorithm).isLessThan(order);
                assertThat(der.s()).as("%s s below the curve order", algorithm).isLessThan(order);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingSpecs")
    void verifyRejectsASignatureWithAFlippedBit(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.SIGN, Capability.VERIFY);
        KeyRef key = createKey(spec, "flipped");
        SignatureAlgorithm algorithm = firstAlgorithm(spec);
        byte[] signature = kms.sign(key, algorithm, MESSAGE);

        int bits = signature.length * 8;
        for (int bit : new int[] {0, 7, bits / 2, bits - 8, bits - 1}) {
            assertThat(kms.verify(key, algorithm, MESSAGE, Tampering.flipBit(signature, bit)))
                    .as("%s signature with bit %d flipped", algorithm, bit).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingFamilies")
    void verifyRejectsASignatureOfAnotherMessage(KeyType family) {
        KeySpec spec = representative(family);
        assumeCapabilities(Capability.CREATE, Capability.SIGN, Capability.VERIFY);
        KeyRef key = createKey(spec, "other-message");
        SignatureAlgorithm algorithm = firstAlgorithm(spec);
        byte[] signature = kms.sign(key, algorithm, MESSAGE);

        assertThat(kms.verify(key, algorithm, Tampering.flipBit(MESSAGE, 3), signature)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingFamilies")
    void verifyReturnsFalseForMalformedSignatures(KeyType family) {
        KeySpec spec = representative(family);
        assumeCapabilities(Capability.CREATE, Capability.SIGN, Capability.VERIFY);
        KeyRef key = createKey(spec, "malformed-signature");
        SignatureAlgorithm algorithm = firstAlgorithm(spec);
        byte[] signature = kms.sign(key, algorithm, MESSAGE);

        for (byte[] malformed : List.of(new byte[0], new byte[] {0x30}, randomBytes(7), Arrays.copyOf(signature, signature.length / 2))) {
            assertThat(kms.verify(key, algorithm, MESSAGE, malformed))
                    .as("%s: verify of a %d-byte malformed signature", algorithm, malformed.length).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("macSpecs")
    void macKeysVerifyThroughKmsOnlyAndHaveNoPublicKey(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.SIGN);
        KeyRef key = createKey(spec, "mac");

        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.UNSUPPORTED, "getPublicKey of an HMAC key",
                () -> kms.getPublicKey(key));
    }

    // ---- rotation ---------------------------------------------------------------------------------

    @Test
    void rotateReturnsAReferenceToANewCurrentVersion() {
        assumeCapabilities(Capability.CREATE, Capability.ROTATE);
        KeySpec spec = encryptionOrSigningSpec();
        assumeRotates(spec);
        KeyRef key = createKey(spec, "rotate");
        KeyRef before = capabilities.contains(Capability.METADATA) ? kms.metadata(key).currentRef() : key;

        KeyRef rotated = kms.rotate(key);

        assertThat(rotated.withoutVersion()).as("rotate names the same key").isEqualTo(key);
        if (exposesVersions()) {
            assertThat(rotated.hasVersion()).as("rotate returns a versioned reference: %s", rotated).isTrue();
            assertThat(rotated).as("new version differs from the previous current version").isNotEqualTo(before);
            assertThat(kms.rotate(key)).as("a second rotation gives yet another version").isNotEqualTo(rotated);
        }
    }

    @Test
    void automaticRotationPolicyIsSetAndReadBack() {
        assumeCapabilities(Capability.CREATE, Capability.ROTATION_POLICY);
        KeyRef key = createKey(encryptionSpec(), "rotation-policy");
        RotationPolicy yearly = RotationPolicy.every(Duration.ofDays(365));

        kms.setRotationPolicy(key, yearly);
        assertThat(kms.rotationPolicy(key)).isEqualTo(yearly);

        kms.setRotationPolicy(key, RotationPolicy.manual());
        assertThat(kms.rotationPolicy(key)).isEqualTo(RotationPolicy.manual());
    }

    @Test
    void rotationPolicyWithoutTheCapabilityIsUnsupported() {
        assumeTrue(!capabilities.contains(Capability.ROTATION_POLICY),
                "the provider declares ROTATION_POLICY");
        assumeCapabilities(Capability.CREATE);
        KeyRef key = createKey(encryptionSpec(), "no-rotation-policy");

        assertKmsError(KmsErrorCode.UNSUPPORTED, "setRotationPolicy without ROTATION_POLICY",
                () -> kms.setRotationPolicy(key, RotationPolicy.every(Duration.ofDays(365))));
        assertKmsError(KmsErrorCode.UNSUPPORTED, "rotationPolicy without ROTATION_POLICY",
                () -> kms.rotationPolicy(key));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allSpecs")
    void rotatingAKeyTheProviderCannotRotateIsUnsupported(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.ROTATE);
        assumeTrue(!rotates(spec), () -> "provider '" + scheme + "' rotates " + spec + " keys");
        KeyRef key = createKey(spec, "no-rotate");

        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.UNSUPPORTED, "rotate of a " + spec + " key",
                () -> kms.rotate(key));
    }

    @Test
    void ciphertextFromBeforeRotationStillDecrypts() {
        assumeCapabilities(Capability.CREATE, Capability.ROTATE, Capability.ENCRYPT, Capability.DECRYPT);
        KeyRef key = createKey(encryptionSpec(), "rotate-decrypt");
        byte[] plaintext = randomBytes(48);
        byte[] old = kms.encrypt(key, plaintext, CONTEXT);

        kms.rotate(key);

        assertThat(kms.decrypt(key, old, CONTEXT)).isEqualTo(plaintext);
    }

    @Test
    void wrappedKeyFromBeforeRotationStillUnwraps() {
        assumeCapabilities(Capability.CREATE, Capability.ROTATE, Capability.WRAP, Capability.UNWRAP);
        KeyRef kek = createKey(encryptionSpec(), "rotate-unwrap");
        byte[] keyBytes = randomBytes(32);
        WrappedKey old = kms.wrap(kek, keyBytes, CONTEXT);

        kms.rotate(kek);
        kms.rotate(kek);

        try (DataKey unwrapped = kms.unwrap(old, CONTEXT)) {
            assertThat(unwrapped.copyPlaintext()).isEqualTo(keyBytes);
        }
    }

    @Test
    void dataKeyFromBeforeRotationStillUnwraps() {
        assumeCapabilities(Capability.CREATE, Capability.ROTATE, Capability.DATA_KEY, Capability.UNWRAP);
        KeyRef kek = createKey(encryptionSpec(), "rotate-dek");

        try (DataKey dek = kms.createDek(kek, DekSpec.AES_256, CONTEXT)) {
            kms.rotate(kek);
            try (DataKey unwrapped = kms.unwrap(dek.wrapped(), CONTEXT)) {
                assertThat(unwrapped.copyPlaintext()).isEqualTo(dek.copyPlaintext());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingFamilies")
    void signatureFromBeforeRotationStillVerifies(KeyType family) {
        KeySpec spec = representative(family);
        assumeCapabilities(Capability.CREATE, Capability.ROTATE, Capability.SIGN, Capability.VERIFY);
        assumeRotates(spec);
        KeyRef key = createKey(spec, "rotate-verify");
        SignatureAlgorithm algorithm = firstAlgorithm(spec);
        byte[] old = kms.sign(key, algorithm, MESSAGE);

        kms.rotate(key);

        assertThat(kms.verify(key, algorithm, MESSAGE, old)).as("old signature, unversioned key").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyPairFamilies")
    void signaturesAfterRotationComeFromTheNewVersion(KeyType family) {
        KeySpec spec = representative(family);
        assumeCapabilities(Capability.CREATE, Capability.ROTATE, Capability.SIGN, Capability.PUBLIC_KEY, Capability.METADATA);
        assumeVersionsExposed();
        assumeRotates(spec);
        KeyRef key = createKey(spec, "rotate-sign");
        SignatureAlgorithm algorithm = firstAlgorithm(spec);
        KeyRef oldVersion = kms.metadata(key).currentRef();
        byte[] oldSignature = kms.sign(key, algorithm, MESSAGE);

        KeyRef newVersion = kms.rotate(key);
        byte[] newSignature = kms.sign(key, algorithm, MESSAGE);

        PublicKey oldPublic = kms.getPublicKey(oldVersion);
        PublicKey newPublic = kms.getPublicKey(newVersion);
        assertThat(newPublic.getEncoded()).as("each version has its own key pair").isNotEqualTo(oldPublic.getEncoded());
        assertThat(kms.getPublicKey(key).getEncoded()).as("unversioned public key is the new one").isEqualTo(newPublic.getEncoded());
        assertThat(jdkVerify(spec, newPublic, algorithm, MESSAGE, newSignature)).as("new signature, new public key").isTrue();
        assertThat(jdkVerify(spec, oldPublic, algorithm, MESSAGE, newSignature)).as("new signature, old public key").isFalse();
        assertThat(jdkVerify(spec, oldPublic, algorithm, MESSAGE, oldSignature)).as("old signature, old public key").isTrue();
    }

    @Test
    void wrappedKeysNameTheExactKekVersion() {
        assumeCapabilities(Capability.CREATE, Capability.ROTATE, Capability.WRAP);
        assumeVersionsExposed();
        KeyRef kek = createKey(encryptionSpec(), "wrap-version");
        WrappedKey before = kms.wrap(kek, randomBytes(32), CONTEXT);

        KeyRef rotated = kms.rotate(kek);
        WrappedKey after = kms.wrap(kek, randomBytes(32), CONTEXT);

        assertThat(before.kek().hasVersion()).as("wrapped key names a version: %s", before.kek()).isTrue();
        assertThat(before.kek().withoutVersion()).isEqualTo(kek);
        assertThat(after.kek()).as("wrapped after rotation").isEqualTo(rotated);
        assertThat(before.kek()).isNotEqualTo(after.kek());
    }

    @Test
    void dataKeysNameTheExactKekVersion() {
        assumeCapabilities(Capability.CREATE, Capability.ROTATE, Capability.DATA_KEY);
        assumeVersionsExposed();
        KeyRef kek = createKey(encryptionSpec(), "dek-version");

        KeyRef rotated = kms.rotate(kek);

        try (DataKey dek = kms.createDek(kek, DekSpec.AES_256, CONTEXT)) {
            assertThat(dek.wrapped().kek()).isEqualTo(rotated);
        }
    }

    @Test
    void encryptionAfterRotationDoesNotUseTheOldVersion() {
        assumeCapabilities(Capability.CREATE, Capability.ROTATE, Capability.ENCRYPT, Capability.DECRYPT,
                Capability.ENABLE_DISABLE, Capability.METADATA);
        assumeVersionsExposed();
        KeyRef key = createKey(encryptionSpec(), "rotate-encrypt");
        KeyRef oldVersion = kms.metadata(key).currentRef();
        kms.rotate(key);
        byte[] plaintext = randomBytes(48);
        byte[] ciphertext = kms.encrypt(key, plaintext, CONTEXT);

        kms.disable(oldVersion);

        assertThat(kms.decrypt(key, ciphertext, CONTEXT)).as("new ciphertext with the old version disabled").isEqualTo(plaintext);
    }

    @Test
    void disabledVersionRefusesItsCiphertextsUntilEnabledAgain() {
        assumeCapabilities(Capability.CREATE, Capability.ROTATE, Capability.ENCRYPT, Capability.DECRYPT,
                Capability.ENABLE_DISABLE, Capability.METADATA);
        assumeVersionsExposed();
        KeyRef key = createKey(encryptionSpec(), "disable-version");
        KeyRef oldVersion = kms.metadata(key).currentRef();
        byte[] plaintext = randomBytes(48);
        byte[] old = kms.encrypt(key, plaintext, CONTEXT);
        kms.rotate(key);

        kms.disable(oldVersion);

        assertThat(kms.metadata(key).version(oldVersion.version().orElseThrow()))
                .as("metadata of the disabled version").hasValueSatisfying(v -> assertThat(v.state()).isEqualTo(KeyState.DISABLED));
        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.INVALID_KEY_STATE, "decrypt under a disabled version",
                () -> kms.decrypt(key, old, CONTEXT));
        kms.enable(oldVersion);
        assertThat(kms.decrypt(key, old, CONTEXT)).isEqualTo(plaintext);
    }

    // ---- errors -----------------------------------------------------------------------------------

    @Test
    void decryptUnderAnotherContextIsAnIntegrityError() {
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT, Capability.DECRYPT);
        KeyRef key = createKey(encryptionSpec(), "context");
        byte[] ciphertext = kms.encrypt(key, randomBytes(32), CONTEXT);

        for (EncryptionContext other : otherContexts()) {
            assertFailsLeavingKeyUnchanged(key, KmsErrorCode.INTEGRITY, "decrypt under context " + other,
                    () -> kms.decrypt(key, ciphertext, other));
        }
    }

    @Test
    void unwrapUnderAnotherContextIsAnIntegrityError() {
        assumeCapabilities(Capability.CREATE, Capability.WRAP, Capability.UNWRAP);
        KeyRef kek = createKey(encryptionSpec(), "wrap-context");
        WrappedKey wrapped = kms.wrap(kek, randomBytes(32), CONTEXT);

        for (EncryptionContext other : otherContexts()) {
            assertFailsLeavingKeyUnchanged(kek, KmsErrorCode.INTEGRITY, "unwrap under context " + other,
                    () -> kms.unwrap(wrapped, other));
        }
    }

    @Test
    void tamperedCiphertextIsAnIntegrityError() {
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT, Capability.DECRYPT);
        KeyRef key = createKey(encryptionSpec(), "tamper");
        byte[] ciphertext = kms.encrypt(key, randomBytes(32), CONTEXT);

        for (int position : Tampering.positions(ciphertext.length)) {
            assertFailsLeavingKeyUnchanged(key, KmsErrorCode.INTEGRITY,
                    "decrypt with byte " + position + " of " + ciphertext.length + " inverted",
                    () -> kms.decrypt(key, Tampering.invertByte(ciphertext, position), CONTEXT));
        }
    }

    @Test
    void truncatedCiphertextIsAnIntegrityError() {
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT, Capability.DECRYPT);
        KeyRef key = createKey(encryptionSpec(), "truncate");
        byte[] ciphertext = kms.encrypt(key, randomBytes(32), CONTEXT);

        for (byte[] truncated : Tampering.truncations(ciphertext)) {
            assertFailsLeavingKeyUnchanged(key, KmsErrorCode.INTEGRITY,
                    "decrypt of the first " + truncated.length + " of " + ciphertext.length + " bytes",
                    () -> kms.decrypt(key, truncated, CONTEXT));
        }
    }

    @Test
    void ciphertextOfAnotherKeyIsAnIntegrityError() {
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT, Capability.DECRYPT);
        KeyRef key = createKey(encryptionSpec(), "mine");
        KeyRef other = createKey(encryptionSpec(), "theirs");
        byte[] ciphertext = kms.encrypt(other, randomBytes(32), CONTEXT);

        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.INTEGRITY, "decrypt of another key's ciphertext",
                () -> kms.decrypt(key, ciphertext, CONTEXT));
    }

    @Test
    void tamperedWrappedKeyIsAnIntegrityError() {
        assumeCapabilities(Capability.CREATE, Capability.WRAP, Capability.UNWRAP);
        KeyRef kek = createKey(encryptionSpec(), "tamper-wrap");
        WrappedKey wrapped = kms.wrap(kek, randomBytes(32), CONTEXT);
        byte[] bytes = wrapped.ciphertext();

        for (int position : Tampering.positions(bytes.length)) {
            WrappedKey tampered = WrappedKey.of(wrapped.kek(), Tampering.invertByte(bytes, position));
            assertFailsLeavingKeyUnchanged(kek, KmsErrorCode.INTEGRITY,
                    "unwrap with byte " + position + " of " + bytes.length + " inverted", () -> kms.unwrap(tampered, CONTEXT));
        }
    }

    @Test
    void wrappedKeyOfAnotherKekIsAnIntegrityError() {
        assumeCapabilities(Capability.CREATE, Capability.WRAP, Capability.UNWRAP);
        KeyRef kek = createKey(encryptionSpec(), "my-kek");
        KeyRef other = createKey(encryptionSpec(), "their-kek");
        WrappedKey theirs = kms.wrap(other, randomBytes(32), CONTEXT);
        WrappedKey mine = kms.wrap(kek, randomBytes(32), CONTEXT);

        WrappedKey swapped = WrappedKey.of(mine.kek(), theirs.ciphertext());

        assertFailsLeavingKeyUnchanged(kek, KmsErrorCode.INTEGRITY, "unwrap of another KEK's wrapped key",
                () -> kms.unwrap(swapped, CONTEXT));
    }

    @Test
    void everyOperationOnAnUnknownKeyIsNotFound() {
        KeyRef missing = newKeyRef("missing");
        Map<Capability, List<ThrowingCallable>> calls = new EnumMap<>(Capability.class);
        calls.put(Capability.METADATA, List.of(() -> kms.metadata(missing)));
        calls.put(Capability.ROTATE, List.of(() -> kms.rotate(missing)));
        calls.put(Capability.ENABLE_DISABLE, List.of(() -> kms.disable(missing), () -> kms.enable(missing)));
        calls.put(Capability.SCHEDULE_DELETION, List.of(
                () -> kms.scheduleDeletion(missing, minDeletionWindow()), () -> kms.cancelDeletion(missing)));
        calls.put(Capability.ENCRYPT, List.of(() -> kms.encrypt(missing, randomBytes(16), CONTEXT)));
        calls.put(Capability.DECRYPT, List.of(() -> kms.decrypt(missing, randomBytes(64), CONTEXT)));
        calls.put(Capability.WRAP, List.of(() -> kms.wrap(missing, randomBytes(32), CONTEXT)));
        calls.put(Capability.UNWRAP, List.of(() -> kms.unwrap(WrappedKey.of(missing, randomBytes(64)), CONTEXT)));
        calls.put(Capability.DATA_KEY, List.of(() -> kms.createDek(missing, DekSpec.AES_256, CONTEXT)));
        calls.put(Capability.SIGN, List.of(() -> kms.sign(missing, SignatureAlgorithm.ECDSA_SHA256, MESSAGE)));
        calls.put(Capability.VERIFY, List.of(() -> kms.verify(missing, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, randomBytes(64))));
        calls.put(Capability.PUBLIC_KEY, List.of(() -> kms.getPublicKey(missing)));

        int checked = 0;
        for (Capability capability : Capability.values()) {
            if (capabilities.contains(capability) && calls.containsKey(capability)) {
                int n = 0;
                for (ThrowingCallable call : calls.get(capability)) {
                    assertKmsError(KmsErrorCode.NOT_FOUND, capability + " call #" + n++ + " on an unknown key", call);
                    checked++;
                }
            }
        }
        assumeTrue(checked > 0, "provider declares no operation on existing keys");
    }

    @Test
    void unknownVersionIsNotFound() {
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT);
        assumeVersionsExposed();
        KeyRef key = createKey(encryptionSpec(), "unknown-version");

        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.NOT_FOUND, "encrypt under version 999999",
                () -> kms.encrypt(key.withVersion("999999"), randomBytes(16), CONTEXT));
    }

    @Test
    void disabledEncryptionKeyRefusesUseUntilEnabledAgain() {
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT, Capability.DECRYPT, Capability.ENABLE_DISABLE);
        KeyRef key = createKey(encryptionSpec(), "disable");
        byte[] plaintext = randomBytes(32);
        byte[] ciphertext = kms.encrypt(key, plaintext, CONTEXT);

        kms.disable(key);

        assertKeyState(key, KeyState.DISABLED);
        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.INVALID_KEY_STATE, "encrypt with a disabled key",
                () -> kms.encrypt(key, plaintext, CONTEXT));
        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.INVALID_KEY_STATE, "decrypt with a disabled key",
                () -> kms.decrypt(key, ciphertext, CONTEXT));
        kms.enable(key);
        assertKeyState(key, KeyState.ENABLED);
        assertThat(kms.decrypt(key, ciphertext, CONTEXT)).isEqualTo(plaintext);
    }

    @Test
    void disabledKekRefusesWrappingUntilEnabledAgain() {
        assumeCapabilities(Capability.CREATE, Capability.WRAP, Capability.UNWRAP, Capability.ENABLE_DISABLE);
        KeyRef kek = createKey(encryptionSpec(), "disable-kek");
        byte[] keyBytes = randomBytes(32);
        WrappedKey wrapped = kms.wrap(kek, keyBytes, CONTEXT);

        kms.disable(kek);

        assertFailsLeavingKeyUnchanged(kek, KmsErrorCode.INVALID_KEY_STATE, "wrap with a disabled KEK",
                () -> kms.wrap(kek, keyBytes, CONTEXT));
        assertFailsLeavingKeyUnchanged(kek, KmsErrorCode.INVALID_KEY_STATE, "unwrap with a disabled KEK",
                () -> kms.unwrap(wrapped, CONTEXT));
        if (capabilities.contains(Capability.DATA_KEY)) {
            assertFailsLeavingKeyUnchanged(kek, KmsErrorCode.INVALID_KEY_STATE, "createDek with a disabled KEK",
                    () -> kms.createDek(kek, DekSpec.AES_256, CONTEXT));
        }
        kms.enable(kek);
        try (DataKey unwrapped = kms.unwrap(wrapped, CONTEXT)) {
            assertThat(unwrapped.copyPlaintext()).isEqualTo(keyBytes);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingFamilies")
    void disabledSigningKeyRefusesUseUntilEnabledAgain(KeyType family) {
        KeySpec spec = representative(family);
        assumeCapabilities(Capability.CREATE, Capability.SIGN, Capability.VERIFY, Capability.ENABLE_DISABLE);
        KeyRef key = createKey(spec, "disable-sign");
        SignatureAlgorithm algorithm = firstAlgorithm(spec);
        byte[] signature = kms.sign(key, algorithm, MESSAGE);

        kms.disable(key);

        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.INVALID_KEY_STATE, "sign with a disabled key",
                () -> kms.sign(key, algorithm, MESSAGE));
        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.INVALID_KEY_STATE, "verify with a disabled key",
                () -> kms.verify(key, algorithm, MESSAGE, signature));
        kms.enable(key);
        assertThat(kms.verify(key, algorithm, MESSAGE, signature)).isTrue();
    }

    @Test
    void keyPendingDeletionRefusesUse() {
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT, Capability.DECRYPT, Capability.SCHEDULE_DELETION);
        KeyRef key = createKey(encryptionSpec(), "pending-deletion");
        byte[] ciphertext = kms.encrypt(key, randomBytes(32), CONTEXT);
        Instant before = Instant.now();

        Instant deletion = kms.scheduleDeletion(key, minDeletionWindow());

        assertThat(deletion).as("deletion time").isAfter(before);
        assertKeyState(key, KeyState.PENDING_DELETION);
        if (capabilities.contains(Capability.METADATA)) {
            assertThat(kms.metadata(key).deletionDate()).as("metadata deletion date").isPresent();
        }
        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.INVALID_KEY_STATE, "encrypt with a key pending deletion",
                () -> kms.encrypt(key, randomBytes(16), CONTEXT));
        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.INVALID_KEY_STATE, "decrypt with a key pending deletion",
                () -> kms.decrypt(key, ciphertext, CONTEXT));
    }

    @Test
    void cancelDeletionRestoresTheKeyDisabled() {
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT, Capability.DECRYPT, Capability.SCHEDULE_DELETION);
        KeyRef key = createKey(encryptionSpec(), "cancel-deletion");
        byte[] plaintext = randomBytes(32);
        byte[] ciphertext = kms.encrypt(key, plaintext, CONTEXT);
        kms.scheduleDeletion(key, minDeletionWindow());

        kms.cancelDeletion(key);

        assertKeyState(key, KeyState.DISABLED);
        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.INVALID_KEY_STATE, "decrypt after cancelled deletion, before enabling",
                () -> kms.decrypt(key, ciphertext, CONTEXT));
        if (capabilities.contains(Capability.ENABLE_DISABLE)) {
            kms.enable(key);
            assertThat(kms.decrypt(key, ciphertext, CONTEXT)).isEqualTo(plaintext);
        }
    }

    @Test
    void signingWithAnEncryptionKeyIsUnsupported() {
        assumeCapabilities(Capability.CREATE, Capability.SIGN);
        KeyRef key = createKey(encryptionSpec(), "not-for-signing");

        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.UNSUPPORTED, "sign with an encryption key",
                () -> kms.sign(key, SignatureAlgorithm.HMAC_SHA256, MESSAGE));
        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.UNSUPPORTED, "sign (ECDSA) with an encryption key",
                () -> kms.sign(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE));
    }

    @Test
    void encryptionKeyHasNoPublicKey() {
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT);
        KeyRef key = createKey(encryptionSpec(), "no-public-key");

        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.UNSUPPORTED, "getPublicKey of an encryption key",
                () -> kms.getPublicKey(key));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingFamilies")
    void encryptingWithASigningKeyIsUnsupported(KeyType family) {
        KeySpec spec = representative(family);
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT);
        KeyRef key = createKey(spec, "not-for-encryption");

        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.UNSUPPORTED, "encrypt with a " + spec + " key",
                () -> kms.encrypt(key, randomBytes(16), CONTEXT));
        if (capabilities.contains(Capability.WRAP)) {
            assertFailsLeavingKeyUnchanged(key, KmsErrorCode.UNSUPPORTED, "wrap with a " + spec + " key",
                    () -> kms.wrap(key, randomBytes(32), CONTEXT));
        }
        if (capabilities.contains(Capability.DATA_KEY)) {
            assertFailsLeavingKeyUnchanged(key, KmsErrorCode.UNSUPPORTED, "createDek with a " + spec + " key",
                    () -> kms.createDek(key, DekSpec.AES_256, CONTEXT));
        }
    }

    /**
     * An algorithm of another family (or an HMAC of the wrong size) must be refused. The API
     * allows either {@code UNSUPPORTED} (the key cannot do it) or {@code INVALID_ARGUMENT} (the
     * request is malformed) here; silently signing with something else is the failure.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("signingFamilies")
    void signingWithAnIncompatibleAlgorithmIsRefused(KeyType family) {
        KeySpec spec = representative(family);
        assumeCapabilities(Capability.CREATE, Capability.SIGN);
        KeyRef key = createKey(spec, "wrong-algorithm");
        SignatureAlgorithm wrong = ContractSpecs.incompatibleAlgorithm(spec);
        KeyMetadata before = metadataIfSupported(key);

        Throwable thrown = catchThrowable(() -> kms.sign(key, wrong, MESSAGE));

        assertThat(thrown).as("sign with %s on a %s key", wrong, spec).isInstanceOf(KmsException.class);
        assertThat(((KmsException) thrown).code()).as("error code of sign with %s on a %s key", wrong, spec)
                .isIn(KmsErrorCode.UNSUPPORTED, KmsErrorCode.INVALID_ARGUMENT);
        assertUnchanged(key, before, "sign with an incompatible algorithm");
    }

    @Test
    void creatingAnExistingKeyIsAlreadyExists() {
        assumeCapabilities(Capability.CREATE);
        KeySpec spec = encryptionOrSigningSpec();
        KeyRef requested = newKeyRef("twice");
        KeyRef key = kms.createKey(requested, spec);

        assertFailsLeavingKeyUnchanged(key, KmsErrorCode.ALREADY_EXISTS, "createKey on an existing id",
                () -> kms.createKey(requested, spec));
    }

    // ---- metadata ---------------------------------------------------------------------------------

    @Test
    void metadataListsEveryVersionOldestFirstAndTheNewestAsCurrent() {
        assumeCapabilities(Capability.CREATE, Capability.ROTATE, Capability.METADATA);
        assumeVersionsExposed();
        KeyRef key = createKey(encryptionOrSigningSpec(), "versions");
        KeyMetadata created = kms.metadata(key);

        KeyRef second = kms.rotate(key);
        KeyRef third = kms.rotate(key);

        KeyMetadata md = kms.metadata(key);
        assertThat(created.versions()).as("versions of a new key").hasSize(1);
        assertThat(created.currentVersion()).as("current version of a new key").contains(created.versions().get(0).version());
        assertThat(md.versions()).extracting(KeyVersionMetadata::version)
                .containsExactly(created.currentVersion().orElseThrow(), second.version().orElseThrow(), third.version().orElseThrow());
        assertThat(md.versions()).extracting(KeyVersionMetadata::state).containsOnly(KeyState.ENABLED);
        assertThat(md.currentRef()).isEqualTo(third);
        assertThat(md.rotatedAt()).as("rotatedAt after rotations").isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allSpecs")
    void keyCapabilitiesMatchItsUsage(KeySpec spec) {
        supported(spec);
        assumeCapabilities(Capability.CREATE, Capability.METADATA);
        KeyRef key = createKey(spec, "capabilities");

        KeyMetadata md = kms.metadata(key);

        Set<Capability> expected = ContractSpecs.operationsOf(md.usage());
        expected.retainAll(capabilities);
        assertThat(md.capabilities()).as("capabilities of a %s key", spec).containsAll(expected);
        assertThat(md.capabilities()).as("capabilities a %s key must not advertise", spec)
                .doesNotContainAnyElementsOf(ContractSpecs.forbiddenOperationsOf(md.usage()));
    }

    @Test
    void listKeysIncludesCreatedKeysWithoutVersions() {
        assumeCapabilities(Capability.CREATE, Capability.LIST);
        KeySpec spec = encryptionOrSigningSpec();
        KeyRef first = createKey(spec, "listed");
        KeyRef second = createKey(spec, "listed");

        List<KeyRef> listed = kms.listKeys(listPrefix(first));

        assertThat(listed).contains(first, second);
        assertThat(listed).noneMatch(KeyRef::hasVersion);
    }

    // ---- secrets ----------------------------------------------------------------------------------

    @Test
    void exceptionsNeverContainPlaintextOrKeyBytes() {
        assumeCapabilities(Capability.CREATE);
        byte[] plaintext = randomBytes(48);
        byte[] keyBytes = randomBytes(32);
        List<Throwable> failures = new ArrayList<>();
        KeySpec encSpec = ContractSpecs.preferred(specs(), KeyType.SYMMETRIC).orElse(null);
        KeySpec signSpec = signingFamilies().flatMap(t -> ContractSpecs.preferred(specs(), t).stream()).findFirst().orElse(null);
        KeyRef encKey = encSpec == null ? null : createKey(encSpec, "leak-enc");
        KeyRef signKey = signSpec == null ? null : createKey(signSpec, "leak-sign");
        KeyRef missing = newKeyRef("leak-missing");

        if (encKey != null && has(Capability.ENCRYPT, Capability.DECRYPT)) {
            byte[] ct = kms.encrypt(encKey, plaintext, CONTEXT);
            failures.add(catchThrowable(() -> kms.decrypt(encKey, ct, otherContexts().get(0))));
            failures.add(catchThrowable(() -> kms.decrypt(encKey, Tampering.invertByte(ct, ct.length / 2), CONTEXT)));
            failures.add(catchThrowable(() -> kms.decrypt(encKey, Arrays.copyOf(ct, ct.length - 1), CONTEXT)));
            failures.add(catchThrowable(() -> kms.encrypt(missing, plaintext, CONTEXT)));
            if (has(Capability.ENABLE_DISABLE)) {
                kms.disable(encKey);
                failures.add(catchThrowable(() -> kms.encrypt(encKey, plaintext, CONTEXT)));
                failures.add(catchThrowable(() -> kms.decrypt(encKey, ct, CONTEXT)));
                kms.enable(encKey);
            }
        }
        if (encKey != null && has(Capability.WRAP, Capability.UNWRAP)) {
            WrappedKey wrapped = kms.wrap(encKey, keyBytes, CONTEXT);
            failures.add(catchThrowable(() -> kms.unwrap(wrapped, otherContexts().get(0))));
            failures.add(catchThrowable(() -> kms.unwrap(WrappedKey.of(wrapped.kek(),
                    Tampering.invertByte(wrapped.ciphertext(), 0)), CONTEXT)));
            failures.add(catchThrowable(() -> kms.wrap(missing, keyBytes, CONTEXT)));
        }
        if (encKey != null && has(Capability.SIGN)) {
            failures.add(catchThrowable(() -> kms.sign(encKey, SignatureAlgorithm.HMAC_SHA256, plaintext)));
        }
        if (signKey != null && has(Capability.ENCRYPT)) {
            failures.add(catchThrowable(() -> kms.encrypt(signKey, plaintext, CONTEXT)));
        }
        if (signKey != null && has(Capability.WRAP)) {
            failures.add(catchThrowable(() -> kms.wrap(signKey, keyBytes, CONTEXT)));
        }
        if (signKey != null && has(Capability.SIGN)) {
            failures.add(catchThrowable(() -> kms.sign(signKey, ContractSpecs.incompatibleAlgorithm(signSpec), plaintext)));
        }

        failures.removeIf(java.util.Objects::isNull);
        assumeTrue(!failures.isEmpty(), "provider declares no operation that can fail on secret input");
        for (int i = 0; i < failures.size(); i++) {
            Secrets.assertNoLeak("failure #" + i + " (" + failures.get(i).getClass().getSimpleName() + ")",
                    Secrets.describe(failures.get(i)), plaintext, keyBytes);
        }
    }

    @Test
    void toStringNeverShowsDataKeyBytes() {
        assumeCapabilities(Capability.CREATE, Capability.DATA_KEY);
        KeyRef kek = createKey(encryptionSpec(), "dek-tostring");

        try (DataKey dek = kms.createDek(kek, DekSpec.AES_256, CONTEXT)) {
            byte[] secret = dek.copyPlaintext();
            Secrets.assertNoLeak("DataKey.toString()", dek.toString(), secret);
            Secrets.assertNoLeak("WrappedKey.toString()", dek.wrapped().toString(), secret);
            if (has(Capability.METADATA)) {
                Secrets.assertNoLeak("KeyMetadata.toString()", kms.metadata(kek).toString(), secret);
            }
            Arrays.fill(secret, (byte) 0);
        }
    }

    @Test
    void toStringNeverShowsWrappedOrUnwrappedKeyBytes() {
        assumeCapabilities(Capability.CREATE, Capability.WRAP, Capability.UNWRAP);
        KeyRef kek = createKey(encryptionSpec(), "wrap-tostring");
        byte[] keyBytes = randomBytes(32);

        WrappedKey wrapped = kms.wrap(kek, keyBytes, CONTEXT);

        try (DataKey unwrapped = kms.unwrap(wrapped, CONTEXT)) {
            Secrets.assertNoLeak("WrappedKey.toString()", wrapped.toString(), keyBytes);
            Secrets.assertNoLeak("unwrapped DataKey.toString()", unwrapped.toString(), keyBytes);
        }
    }

    @Test
    void ciphertextDoesNotContainThePlaintext() {
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT);
        KeyRef key = createKey(encryptionSpec(), "opaque");
        byte[] plaintext = randomBytes(64);

        byte[] ciphertext = kms.encrypt(key, plaintext, CONTEXT);

        Secrets.assertNoLeak("ciphertext", new String(ciphertext, StandardCharsets.ISO_8859_1), plaintext);
    }

    @Test
    void wrappedKeyDoesNotContainTheKeyBytes() {
        assumeCapabilities(Capability.CREATE, Capability.WRAP);
        KeyRef kek = createKey(encryptionSpec(), "opaque-wrap");
        byte[] keyBytes = randomBytes(32);

        WrappedKey wrapped = kms.wrap(kek, keyBytes, CONTEXT);

        Secrets.assertNoLeak("wrapped key bytes", new String(wrapped.toBytes(), StandardCharsets.ISO_8859_1), keyBytes);
    }

    // ---- concurrency ------------------------------------------------------------------------------

    @Test
    void concurrentEncryptAndDecryptAcrossARotationAreCorrect() throws Exception {
        assumeCapabilities(Capability.CREATE, Capability.ENCRYPT, Capability.DECRYPT);
        KeySpec spec = encryptionSpec();
        KeyRef key = createKey(spec, "concurrent-encrypt");

        hammer(key, spec, thread -> {
            byte[] plaintext = randomBytes(16 + thread);
            byte[] ciphertext = kms.encrypt(key, plaintext, CONTEXT);
            return () -> assertThat(kms.decrypt(key, ciphertext, CONTEXT)).isEqualTo(plaintext);
        });
    }

    @Test
    void concurrentSignAndVerifyAcrossARotationAreCorrect() throws Exception {
        assumeCapabilities(Capability.CREATE, Capability.SIGN, Capability.VERIFY);
        KeySpec spec = anySigningSpec();
        KeyRef key = createKey(spec, "concurrent-sign");
        SignatureAlgorithm algorithm = firstAlgorithm(spec);

        hammer(key, spec, thread -> {
            byte[] message = randomBytes(16 + thread);
            byte[] signature = kms.sign(key, algorithm, message);
            return () -> assertThat(kms.verify(key, algorithm, message, signature)).isTrue();
        });
    }

    /** One unit of concurrent work: does something now and returns a check to run now and again at the end. */
    private interface Step {
        Runnable run(int thread) throws Exception;
    }

    /**
     * Runs {@link #THREADS} threads of {@link #ITERATIONS_PER_THREAD} steps against one key;
     * once every thread is halfway, rotates the key (if the provider can) while they keep going.
     * Every step's check must pass right away and again after all threads are done.
     */
    private void hammer(KeyRef key, KeySpec spec, Step step) throws Exception {
        boolean rotate = has(Capability.ROTATE) && rotates(spec);
        CountDownLatch halfway = new CountDownLatch(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<Runnable>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<List<Runnable>> worker = () -> {
                    start.await();
                    List<Runnable> checks = new ArrayList<>();
                    for (int i = 0; i < ITERATIONS_PER_THREAD; i++) {
                        Runnable check = step.run(thread);
                        check.run();
                        checks.add(check);
                        if (i == ITERATIONS_PER_THREAD / 2) {
                            halfway.countDown();
                        }
                    }
                    return checks;
                };
                futures.add(pool.submit(worker));
            }
            start.countDown();
            // Generous bounds only so that a deadlocked provider fails instead of hanging the build.
            assertThat(halfway.await(5, TimeUnit.MINUTES)).as("all threads reached halfway").isTrue();
            if (rotate) {
                kms.rotate(key);
            }
            List<Runnable> allChecks = new ArrayList<>();
            for (Future<List<Runnable>> f : futures) {
                allChecks.addAll(f.get(5, TimeUnit.MINUTES));
            }
            assertThat(allChecks).hasSize(THREADS * ITERATIONS_PER_THREAD);
            allChecks.forEach(Runnable::run);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private void assumeCapabilities(Capability... needed) {
        for (Capability c : needed) {
            assumeTrue(capabilities.contains(c), () -> "provider '" + scheme + "' does not declare capability " + c);
        }
    }

    private boolean has(Capability... needed) {
        return capabilities.containsAll(Arrays.asList(needed));
    }

    private void assumeRotates(KeySpec spec) {
        assumeTrue(rotates(spec), () -> "provider '" + scheme + "' cannot rotate " + spec + " keys (rotates(spec) is false)");
    }

    private void assumeVersionsExposed() {
        assumeTrue(exposesVersions(), () -> "provider '" + scheme + "' keeps key versions internal (exposesVersions() is false)");
    }

    private KeyRef createKey(KeySpec spec, String hint) {
        return kms.createKey(newKeyRef(hint + "-" + hint(spec)), spec);
    }

    private static String hint(KeySpec spec) {
        return spec.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private KeySpec encryptionSpec() {
        return ContractSpecs.preferred(specs(), KeyType.SYMMETRIC)
                .orElseGet(() -> abort("no symmetric key spec is in supportedKeySpecs() of provider '" + scheme + "'"));
    }

    private KeySpec encryptionOrSigningSpec() {
        return ContractSpecs.preferred(specs(), KeyType.SYMMETRIC).orElseGet(this::anySigningSpec);
    }

    private List<SignatureAlgorithm> algorithms(KeySpec spec) {
        List<SignatureAlgorithm> algorithms = new ArrayList<>(signatureAlgorithms(spec));
        assertThat(algorithms).as("signatureAlgorithms(%s)", spec).isNotEmpty()
                .allSatisfy(a -> assertThat(a.isCompatibleWith(spec)).as("%s is compatible with %s", a, spec).isTrue());
        return algorithms;
    }

    private SignatureAlgorithm firstAlgorithm(KeySpec spec) {
        return algorithms(spec).get(0);
    }

    private static List<EncryptionContext> otherContexts() {
        return List.of(
                EncryptionContext.of(Map.of("tenant", "acme", "purpose", "something-else")),
                EncryptionContext.of(Map.of("tenant", "acme")),
                EncryptionContext.of(Map.of("tenant", "acme", "purpose", "kms4j-contract", "extra", "x")),
                EncryptionContext.empty());
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private KeyMetadata metadataIfSupported(KeyRef key) {
        return capabilities.contains(Capability.METADATA) ? kms.metadata(key) : null;
    }

    private void assertUnchanged(KeyRef key, KeyMetadata before, String what) {
        if (before != null) {
            assertThat(kms.metadata(key)).as("metadata after failed %s", what).isEqualTo(before);
        }
    }

    private void assertKeyState(KeyRef key, KeyState expected) {
        if (capabilities.contains(Capability.METADATA)) {
            assertThat(kms.metadata(key).state()).as("state of %s", key).isEqualTo(expected);
        }
    }

    private KmsException assertFailsLeavingKeyUnchanged(KeyRef key, KmsErrorCode expected, String what, ThrowingCallable call) {
        KeyMetadata before = metadataIfSupported(key);
        KmsException e = assertKmsError(expected, what, call);
        assertUnchanged(key, before, what);
        return e;
    }

    private static KmsException assertKmsError(KmsErrorCode expected, String what, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        if (thrown == null) {
            fail(what + ": expected KmsException " + expected + " but the call succeeded");
        }
        if (!(thrown instanceof KmsException)) {
            throw new AssertionError(what + ": expected KmsException " + expected + " but got "
                    + thrown.getClass().getName(), thrown);
        }
        KmsException e = (KmsException) thrown;
        if (e.code() != expected) {
            throw new AssertionError(what + ": expected " + expected + " but got " + e.code()
                    + " (" + e.getMessage() + ")", e);
        }
        return e;
    }

    private static boolean jdkVerify(KeySpec spec, PublicKey key, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        try {
            Signature verifier = jdkVerifier(key, algorithm);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            // The JDK throws for a malformed signature, but also for a curve it cannot handle
            // (JDK 17 knows secp256k1 keys but not their arithmetic). Tell the two apart with a
            // well-formed dummy signature: on a supported curve it simply does not verify.
            if (key instanceof ECPublicKey && !jdkHandlesCurve(key, algorithm)) {
                abort("java.security.Signature on this JDK cannot verify " + spec + " signatures (" + e.getMessage() + ")");
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new AssertionError("java.security.Signature could not check a " + algorithm + " signature", e);
        }
    }

    private static Signature jdkVerifier(PublicKey key, SignatureAlgorithm algorithm) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(algorithm.jcaName());
        if (algorithm.jcaParameters() != null) {
            verifier.setParameter(algorithm.jcaParameters());
        }
        verifier.initVerify(key);
        return verifier;
    }

    private static boolean jdkHandlesCurve(PublicKey key, SignatureAlgorithm algorithm) {
        byte[] derOfOneAndOne = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
        try {
            Signature verifier = jdkVerifier(key, algorithm);
            verifier.update(MESSAGE);
            verifier.verify(derOfOneAndOne);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
