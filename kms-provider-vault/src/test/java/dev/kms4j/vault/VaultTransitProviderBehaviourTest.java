package dev.kms4j.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.CreateKeyOptions;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.testkit.vault.VaultTransitFakeExtension;
import io.github.jopenlibs.vault.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transit-specific behaviour: wire format, rewrap, retirement, deletion, derived keys, no upsert. */
class VaultTransitProviderBehaviourTest {
    @RegisterExtension
    static final VaultTransitFakeExtension VAULT = VaultTransitFakeExtension.builder().build();

    private static final byte[] PLAINTEXT = "behaviour".getBytes(StandardCharsets.UTF_8);
    private static final EncryptionContext CONTEXT = EncryptionContext.of("tenant", "acme");

    private VaultTransitProvider provider;

    private VaultTransitProvider provider(Map<String, String> extra) {
        ProviderConfig.Builder b = ProviderConfig.builder().set("address", VAULT.endpoint().toString())
                .set("token", VAULT.rootToken()).environment(Map.of());
        extra.forEach(b::set);
        provider = new VaultTransitProviderFactory().create(b.build());
        return provider;
    }

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private static KeyRef newRef() {
        return KeyRef.of("vault-transit", VAULT.endpoint().getAuthority() + "/transit/b-" + UUID.randomUUID());
    }

    private static String name(KeyRef ref) {
        return ref.keyId().substring(ref.keyId().lastIndexOf('/') + 1);
    }

    @Test
    void ciphertextIsVaultsTextFormAndDecryptsWithTheRawDriverGivenTheSameAssociatedData() throws Exception {
        VaultTransitProvider p = provider(Map.of());
        KeyRef key = p.createKey(newRef(), CreateKeyOptions.of(KeySpec.AES_256)).ref();

        String ciphertext = new String(p.encrypt(key, PLAINTEXT, CONTEXT), StandardCharsets.UTF_8);

        assertThat(ciphertext).startsWith("vault:v1:");
        byte[] body = VAULT.driver().logical().write("transit/decrypt/" + name(key), Map.of("ciphertext", ciphertext,
                "associated_data", Base64.getEncoder().encodeToString(CONTEXT.toAad()))).getRestResponse().getBody();
        String plaintext = Json.parse(new String(body, StandardCharsets.UTF_8)).asObject().get("data").asObject().getString("plaintext", "");
        assertThat(Base64.getDecoder().decode(plaintext)).isEqualTo(PLAINTEXT);
    }

    @Test
    void encryptUnderAMissingKeyIsNotFoundAndCreatesNothing() {
        VaultTransitProvider p = provider(Map.of());
        KeyRef missing = newRef();

        KmsException e = catchThrowableOfType(KmsException.class, () -> p.encrypt(missing, PLAINTEXT, CONTEXT));

        assertThat(e.code()).isEqualTo(KmsErrorCode.NOT_FOUND);
        assertThat(VAULT.fake().keyNames("transit")).doesNotContain(name(missing));
    }

    @Test
    void rewrapMovesACiphertextToTheLatestVersion() {
        VaultTransitProvider p = provider(Map.of());
        KeyRef key = p.createKey(newRef(), CreateKeyOptions.of(KeySpec.AES_256)).ref();
        byte[] old = p.encrypt(key, PLAINTEXT, CONTEXT);
        p.rotate(key);

        byte[] rewrapped = p.rewrap(key, old, CONTEXT);

        assertThat(new String(rewrapped, StandardCharsets.UTF_8)).startsWith("vault:v2:");
        assertThat(p.decrypt(key, rewrapped, CONTEXT)).isEqualTo(PLAINTEXT);
    }

    @Test
    void rewrappedWrappedKeyNamesTheNewVersion() {
        VaultTransitProvider p = provider(Map.of());
        KeyRef kek = p.createKey(newRef(), CreateKeyOptions.of(KeySpec.AES_256)).ref();
        WrappedKey wrapped = p.wrap(kek, new byte[32], CONTEXT);
        p.rotate(kek);

        WrappedKey rewrapped = p.rewrap(wrapped, CONTEXT);

        assertThat(wrapped.kek().version()).hasValue("1");
        assertThat(rewrapped.kek().version()).hasValue("2");
        assertThat(p.unwrap(rewrapped, CONTEXT).copyPlaintext()).isEqualTo(new byte[32]);
    }

    @Test
    void retiredVersionsRefuseTheirCiphertextsAndShowAsDisabled() {
        VaultTransitProvider p = provider(Map.of());
        KeyRef key = p.createKey(newRef(), CreateKeyOptions.of(KeySpec.AES_256)).ref();
        byte[] old = p.encrypt(key, PLAINTEXT, CONTEXT);
        p.rotate(key);

        p.retireVersionsBefore(key, 2);

        KmsException e = catchThrowableOfType(KmsException.class, () -> p.decrypt(key, old, CONTEXT));
        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_KEY_STATE);
        KeyMetadata md = p.metadata(key);
        assertThat(md.version("1").orElseThrow().state()).isEqualTo(KeyState.DISABLED);
        assertThat(md.version("2").orElseThrow().state()).isEqualTo(KeyState.ENABLED);
        assertThat(md.currentVersion()).hasValue("2");
    }

    @Test
    void retiringBeyondTheLatestVersionIsInvalidAndChangesNothing() {
        VaultTransitProvider p = provider(Map.of());
        KeyRef key = p.createKey(newRef(), CreateKeyOptions.of(KeySpec.AES_256)).ref();
        byte[] ciphertext = p.encrypt(key, PLAINTEXT, CONTEXT);

        KmsException e = catchThrowableOfType(KmsException.class, () -> p.retireVersionsBefore(key, 5));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(p.decrypt(key, ciphertext, CONTEXT)).isEqualTo(PLAINTEXT);
    }

    @Test
    void deletionNeedsAZeroWindowAndDeletesAtOnce() {
        VaultTransitProvider p = provider(Map.of("allow-key-deletion", "true"));
        KeyRef key = p.createKey(newRef(), CreateKeyOptions.of(KeySpec.AES_256)).ref();

        KmsException scheduled = catchThrowableOfType(KmsException.class, () -> p.scheduleDeletion(key, Duration.ofDays(7)));
        p.scheduleDeletion(key, Duration.ZERO);

        assertThat(scheduled.code()).isEqualTo(KmsErrorCode.UNSUPPORTED);
        assertThat(catchThrowableOfType(KmsException.class, () -> p.metadata(key)).code()).isEqualTo(KmsErrorCode.NOT_FOUND);
    }

    @Test
    void derivedKeysBindTheContextThroughDerivation() {
        VaultTransitProvider p = provider(Map.of("derived-keys", "true"));
        KeyRef key = p.createKey(newRef(), CreateKeyOptions.of(KeySpec.AES_256)).ref();

        byte[] ciphertext = p.encrypt(key, PLAINTEXT, CONTEXT);

        assertThat(p.decrypt(key, ciphertext, CONTEXT)).isEqualTo(PLAINTEXT);
        assertThat(catchThrowableOfType(KmsException.class, () -> p.decrypt(key, ciphertext, EncryptionContext.of("tenant", "other"))).code())
                .isEqualTo(KmsErrorCode.INTEGRITY);
    }

    @Test
    void createKeyRefusesAnExistingKeyAndLeavesItAlone() {
        VaultTransitProvider p = provider(Map.of());
        KeyRef key = p.createKey(newRef(), CreateKeyOptions.of(KeySpec.AES_256)).ref();

        KmsException e = catchThrowableOfType(KmsException.class, () -> p.createKey(key, CreateKeyOptions.of(KeySpec.EC_P256)));

        assertThat(e.code()).isEqualTo(KmsErrorCode.ALREADY_EXISTS);
        assertThat(p.metadata(key).spec()).isEqualTo(KeySpec.AES_256);
    }

    @Test
    void rsaPssSignaturesUseAHashLengthSaltAsKms4jPromises() throws Exception {
        VaultTransitProvider p = provider(Map.of());
        KeyRef key = p.createKey(newRef(), CreateKeyOptions.of(KeySpec.RSA_2048)).ref();

        byte[] sig = p.sign(key, SignatureAlgorithm.RSA_PSS_SHA256, PLAINTEXT);

        Signature jdk = Signature.getInstance(SignatureAlgorithm.RSA_PSS_SHA256.jcaName());
        jdk.setParameter(SignatureAlgorithm.RSA_PSS_SHA256.jcaParameters());
        jdk.initVerify(p.publicKey(key));
        jdk.update(PLAINTEXT);
        assertThat(jdk.verify(sig)).isTrue();
    }

    @Test
    void verifyWithAPinnedVersionChecksOnlyThatVersion() {
        VaultTransitProvider p = provider(Map.of());
        KeyRef key = p.createKey(newRef(), CreateKeyOptions.of(KeySpec.EC_P256)).ref();
        byte[] sig = p.sign(key, SignatureAlgorithm.ECDSA_SHA256, PLAINTEXT);
        KeyRef v2 = p.rotate(key);

        assertThat(p.verify(key, SignatureAlgorithm.ECDSA_SHA256, PLAINTEXT, sig)).isTrue();
        assertThat(p.verify(key.withVersion("1"), SignatureAlgorithm.ECDSA_SHA256, PLAINTEXT, sig)).isTrue();
        assertThat(p.verify(v2, SignatureAlgorithm.ECDSA_SHA256, PLAINTEXT, sig)).isFalse();
    }

    @Test
    void rotationPeriodsShorterThanAnHourAreInvalidAndChangeNothing() {
        VaultTransitProvider p = provider(Map.of());
        KeyRef key = p.createKey(newRef(), CreateKeyOptions.of(KeySpec.AES_256)).ref();
        p.setRotationPolicy(key, dev.kms4j.RotationPolicy.every(Duration.ofDays(30)));

        KmsException e = catchThrowableOfType(KmsException.class,
                () -> p.setRotationPolicy(key, dev.kms4j.RotationPolicy.every(Duration.ofMinutes(10))));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(p.rotationPolicy(key)).isEqualTo(dev.kms4j.RotationPolicy.every(Duration.ofDays(30)));
    }

    @Test
    void listingByMountShowsOnlyThatMount() {
        VaultTransitProvider p = provider(Map.of());
        KeyRef key = p.createKey(newRef(), CreateKeyOptions.of(KeySpec.AES_256)).ref();

        assertThat(p.listKeys(VAULT.endpoint().getAuthority() + "/transit/")).contains(key);
        assertThat(p.listKeys(VAULT.endpoint().getAuthority() + "/transit/" + name(key).substring(0, 6))).contains(key);
        assertThat(p.listKeys("")).contains(key);
    }
}
