package dev.kms4j.envelope.store;

import static dev.kms4j.envelope.store.EntityEncryptorTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KEK rotation: {@link EntityEncryptor#rewrapAll} over the file store. */
class EntityEncryptorRewrapTest {
    @TempDir
    Path tmp;

    private KmsManager kms;
    private KeyRef oldKek;
    private KeyRef newKek;
    private FileDekStore store;
    private EntityEncryptor encryptor;
    private final Map<String, byte[]> ciphertexts = new LinkedHashMap<>();

    @BeforeEach
    void setUp() {
        kms = TestKms.localInMemory();
        oldKek = TestKms.newKek(kms, "old");
        newKek = TestKms.newKek(kms, "new");
        store = FileDekStore.open(tmp.resolve("store"));
        encryptor = EntityEncryptor.builder(kms, oldKek, store).build();
        for (String id : List.of("tenant-a", "tenant-b", "tenant-c")) {
            encryptor.createDekFor(id);
            ciphertexts.put(id, encryptor.encryptFor(id, id.getBytes(StandardCharsets.UTF_8), null));
        }
    }

    @AfterEach
    void tearDown() {
        store.close();
        kms.close();
    }

    @Test
    void everyEntryMovesToTheNewKekAndOldCiphertextsStillDecrypt() {
        assertThat(encryptor.rewrapAll(newKek, RewrapListener.NONE)).isEqualTo(3);
        for (String id : ciphertexts.keySet()) {
            assertThat(store.get(id).orElseThrow().wrapped().kek().withoutVersion()).isEqualTo(newKek);
            assertThat(encryptor.decryptFor(id, ciphertexts.get(id), null)).asString(StandardCharsets.UTF_8).isEqualTo(id);
        }
    }

    @Test
    void rewrapKeepsGenerationAndCreationTime() {
        DekEntry before = store.get("tenant-a").orElseThrow();
        encryptor.rewrapAll(newKek, RewrapListener.NONE);
        DekEntry after = store.get("tenant-a").orElseThrow();
        assertThat(after.generation()).isEqualTo(before.generation());
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
    }

    @Test
    void theNewKeksCurrentVersionIsRecorded() {
        KeyRef rotated = kms.rotate(newKek);
        encryptor.rewrapAll(newKek, RewrapListener.NONE);
        assertThat(store.get("tenant-b").orElseThrow().wrapped().kek()).isEqualTo(rotated);
    }

    @Test
    void progressIsReportedAfterEachEntry() {
        List<String> progress = new ArrayList<>();
        encryptor.rewrapAll(newKek, (done, total) -> progress.add(done + "/" + total));
        assertThat(progress).containsExactly("1/3", "2/3", "3/3");
    }

    @Test
    void dekCreatedAfterARewrapUsesTheNewKek() {
        encryptor.rewrapAll(newKek, RewrapListener.NONE);
        assertThat(encryptor.kek()).isEqualTo(newKek);
        assertThat(encryptor.createDekFor("tenant-d").wrapped().kek().withoutVersion()).isEqualTo(newKek);
    }

    @Test
    void emptyStoreRewrapsNothing() {
        try (InMemoryDekStore empty = new InMemoryDekStore()) {
            List<String> progress = new ArrayList<>();
            int n = EntityEncryptor.builder(kms, oldKek, empty).build()
                    .rewrapAll(newKek, (done, total) -> progress.add(done + "/" + total));
            assertThat(n).isZero();
            assertThat(progress).isEmpty();
        }
    }

    @Test
    void unknownNewKekFailsAndChangesNothing() throws Exception {
        Map<String, DekEntry> before = snapshot();
        assertCode(() -> encryptor.rewrapAll(KeyRef.of("local", "no-such-kek"), RewrapListener.NONE), KmsErrorCode.NOT_FOUND);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(FileDekStoreTest.names(store.directory())).containsExactlyInAnyOrder(".lock", "dekstore.properties", "deks.1");
    }

    @Test
    void failingListenerAbortsAndChangesNothing() {
        Map<String, DekEntry> before = snapshot();
        assertThatThrownBy(() -> encryptor.rewrapAll(newKek, (done, total) -> {
            if (done == 2) {
                throw new IllegalStateException("operator cancelled");
            }
        })).isInstanceOf(IllegalStateException.class);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(encryptor.kek()).isEqualTo(oldKek);
    }

    @Test
    void aStagedEntryThatReadsBackAsAnotherDekIsIntegrityAndChangesNothing() {
        try (InMemoryDekStore inner = new InMemoryDekStore()) {
            DekStore lying = new SubstitutingStore(inner, kms, newKek);
            EntityEncryptor enc = EntityEncryptor.builder(kms, oldKek, lying).build();
            DekEntry original = enc.createDekFor("victim");
            assertCode(() -> enc.rewrapAll(newKek, RewrapListener.NONE), KmsErrorCode.INTEGRITY);
            assertThat(inner.get("victim")).contains(original);
        }
    }

    @Test
    void aSecondRotationWorksAfterTheFirst() {
        encryptor.rewrapAll(newKek, RewrapListener.NONE);
        KeyRef third = TestKms.newKek(kms, "third");
        encryptor.rewrapAll(third, RewrapListener.NONE);
        assertThat(store.get("tenant-c").orElseThrow().wrapped().kek().withoutVersion()).isEqualTo(third);
        assertThat(encryptor.decryptFor("tenant-c", ciphertexts.get("tenant-c"), null)).isNotEmpty();
        assertThat(store.directory().resolve("deks.3")).isDirectory();
    }

    private Map<String, DekEntry> snapshot() {
        Map<String, DekEntry> m = new LinkedHashMap<>();
        for (String id : store.ids()) {
            m.put(id, store.get(id).orElseThrow());
        }
        return m;
    }

    /**
     * A store that stages a different DEK (wrapped under the new KEK) than it was given, as a
     * faulty disk might: the read-back verification must catch it before the switch.
     */
    private static final class SubstitutingStore implements DekStore {
        private final DekStore inner;
        private final KmsManager kms;
        private final KeyRef kek;

        SubstitutingStore(DekStore inner, KmsManager kms, KeyRef kek) {
            this.inner = inner;
            this.kms = kms;
            this.kek = kek;
        }

        @Override
        public Optional<DekEntry> get(String entityId) {
            return inner.get(entityId);
        }

        @Override
        public DekEntry putIfAbsent(DekEntry entry) {
            return inner.putIfAbsent(entry);
        }

        @Override
        public boolean compareAndSet(DekEntry expected, DekEntry replacement) {
            return inner.compareAndSet(expected, replacement);
        }

        @Override
        public List<String> ids() {
            return inner.ids();
        }

        @Override
        public DekReplacement beginReplaceAll() {
            DekReplacement r = inner.beginReplaceAll();
            return new DekReplacement() {
                @Override
                public List<DekEntry> entries() {
                    return r.entries();
                }

                @Override
                public void stage(DekEntry replacement) {
                    byte[] other = new byte[32];
                    new SecureRandom().nextBytes(other);
                    r.stage(replacement.withWrapped(kms.wrap(kek, other,
                            EncryptionContext.of(EntityEncryptor.ENTITY_CONTEXT_NAME, replacement.entityId()))));
                }

                @Override
                public Optional<DekEntry> readStaged(String entityId) {
                    return r.readStaged(entityId);
                }

                @Override
                public void commit() {
                    r.commit();
                }

                @Override
                public void close() {
                    r.close();
                }
            };
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
