package dev.kms4j.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kms4j.CreateKeyOptions;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyUsage;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider on a fresh store (in memory or in a temporary keystore directory) with a clock the
 * test controls. Behaviour test classes extend it and run once per {@link StoreKind} through
 * {@code @ParameterizedClass}.
 */
abstract class LocalProviderFixture {
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    final StoreKind storeKind;
    final MutableClock clock = new MutableClock(START);
    LocalKmsProvider provider;

    LocalProviderFixture(StoreKind storeKind) {
        this.storeKind = storeKind;
    }

    @BeforeEach
    void openProvider() {
        provider = new LocalKmsProvider(storeKind.open(dir), clock);
    }

    @AfterEach
    void closeProvider() {
        provider.close();
    }

    /** Closes the provider and opens a new one on the same store (only meaningful on disk). */
    void reopen() {
        provider.close();
        provider = new LocalKmsProvider(storeKind.open(dir), clock);
    }

    static KeyRef ref(String id) {
        return KeyRef.of("local", id);
    }

    KeyRef create(String id, KeySpec spec) {
        return provider.createKey(ref(id), CreateKeyOptions.of(spec)).ref();
    }

    KeyRef create(String id, KeySpec spec, KeyUsage usage) {
        return provider.createKey(ref(id), CreateKeyOptions.builder(spec).usage(usage).build()).ref();
    }

    /** Every key's metadata, to compare before and after an operation that must change nothing. */
    Map<KeyRef, KeyMetadata> snapshot() {
        Map<KeyRef, KeyMetadata> all = new LinkedHashMap<>();
        for (KeyRef key : provider.listKeys("")) {
            all.put(key, provider.metadata(key));
        }
        return all;
    }

    /** Asserts {@code call} throws a {@link KmsException} with {@code code} and returns it. */
    static KmsException assertKmsError(KmsErrorCode code, ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("expected a KmsException with code " + code).isInstanceOf(KmsException.class);
        KmsException e = (KmsException) t;
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.provider()).contains("local");
        return e;
    }
}
