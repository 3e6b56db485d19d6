package dev.kms4j.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsException;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Key material is zeroed after use and never shows up in strings or error messages. */
class LocalProviderSecretsTest {
    private static final EncryptionContext CONTEXT = EncryptionContext.of("k", "v");

    private final RecordingKeyRecordStore store = new RecordingKeyRecordStore();
    private final MutableClock clock = new MutableClock(LocalProviderFixture.START);
    private final LocalKmsProvider provider = new LocalKmsProvider(store, clock);

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void recordBytesReadFromTheStoreAreZeroedAfterUse() {
        KeyRef key = create("k", KeySpec.AES_256);
        provider.rotate(key);
        provider.disable(key.withVersion("1"));
        provider.scheduleDeletion(key, Duration.ofDays(1));
        provider.cancelDeletion(key);

        assertThat(store.handedOut).isNotEmpty().allSatisfy(b -> assertThat(b).containsOnly(0));
    }

    @Test
    void recordBytesGivenToTheStoreAreZeroedAfterwards() {
        KeyRef key = create("k", KeySpec.EC_P256);
        provider.rotate(key);

        assertThat(store.received).hasSize(2).allSatisfy(b -> assertThat(b).containsOnly(0));
    }

    @Test
    void decodedRecordIsWipedAfterLoading() {
        KeyRef key = create("k", KeySpec.HMAC_SHA256);
        KeyRecord record = KeyRecordCodec.decode("k", store.stored("k"));
        byte[] material = record.version(1).material();

        record.wipe();

        assertThat(material).containsOnly(0);
        assertThat(provider.sign(key, SignatureAlgorithm.HMAC_SHA256, new byte[1])).hasSize(32);
    }

    @Test
    void noStringOrMessageContainsKeyMaterial() {
        List<Object> shown = new ArrayList<>();
        List<byte[]> secrets = new ArrayList<>();
        for (KeySpec spec : new KeySpec[] {KeySpec.AES_256, KeySpec.CHACHA20_POLY1305, KeySpec.HMAC_SHA256,
            KeySpec.EC_P256, KeySpec.ED25519, KeySpec.RSA_2048}) {
            String id = spec.name().toLowerCase().replace('_', '-');
            KeyRef key = create(id, spec);
            shown.add(provider.metadata(key));
            KeyRecord record = KeyRecordCodec.decode(id, store.stored(id));
            secrets.add(record.version(1).material().clone());
            shown.add(record);
            shown.add(record.version(1));
            LoadedKey loaded = LoadedKey.from(record, null);
            shown.add(loaded);
            shown.add(loaded.usableVersion(key, VersionNumbers.NONE, "test").key());
            record.wipe();
            shown.add(catchMessage(() -> provider.sign(key, SignatureAlgorithm.ECDSA_SHA512, new byte[1])));
            shown.add(catchMessage(() -> provider.encrypt(key.withVersion("9"), new byte[1], CONTEXT)));
        }
        KeyRef aes = KeyRef.of("local", "aes-256");
        try (DataKey dek = provider.createDek(aes, DekSpec.AES_256, CONTEXT)) {
            secrets.add(dek.copyPlaintext());
            shown.add(dek);
            shown.add(dek.wrapped());
        }
        byte[] ct = provider.encrypt(aes, "plaintext-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8), CONTEXT);
        ct[ct.length - 1] ^= 1;
        shown.add(catchMessage(() -> provider.decrypt(aes, ct, CONTEXT)));
        shown.add(provider);

        for (Object o : shown) {
            String s = String.valueOf(o);
            assertThat(s).doesNotContain("plaintext-secret");
            for (byte[] secret : secrets) {
                assertThat(s).doesNotContainIgnoringCase(HexFormat.of().formatHex(secret, secret.length / 2, secret.length / 2 + 8))
                        .doesNotContain(Base64.getEncoder().encodeToString(secret).substring(0, 12));
            }
        }
    }

    private KeyRef create(String id, KeySpec spec) {
        return provider.createKey(KeyRef.of("local", id), CreateKeyOptions.of(spec)).ref();
    }

    private static String catchMessage(Runnable r) {
        try {
            r.run();
            return "";
        } catch (KmsException e) {
            return e + " " + e.getMessage();
        }
    }

    @Test
    void wrappedKeyStringShowsOnlyTheKekAndLength() {
        KeyRef key = create("k", KeySpec.AES_256);

        WrappedKey wrapped = provider.wrap(key, new byte[] {1, 2, 3, 4}, CONTEXT);

        assertThat(wrapped.toString()).isEqualTo("WrappedKey{kek=local://k#1, " + wrapped.length() + " bytes}");
    }
}
