package dev.kms4j.local;

import static dev.kms4j.local.StorageTestSupport.KEY_A;
import static dev.kms4j.local.StorageTestSupport.KEY_B;
import static dev.kms4j.local.StorageTestSupport.withKey;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.local.internal.KeyRecordStore;
import dev.kms4j.local.internal.KeyRecordStores;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link StorageCrashTest}: hammers a keystore until it is killed.
 *
 * <p>It creates keys (printing {@code CREATED <id>} only after {@code create} returned), appends
 * versions to existing keys with {@code replace} (checking what it read first), and every few
 * operations rotates the master key between the two test keys (printing {@code MASTER <n>} after
 * each completed rotation). Once the keystore holds {@link #MAX_KEYS} keys it deletes one before
 * creating another, printing {@code DELETING <id>} <em>before</em> the delete (so the parent stops
 * expecting that key whether or not the delete happened). Any inconsistency it sees is printed as {@code ERROR ...} and ends the
 * process with status 3.
 *
 * <p>Arguments: keystore directory, random seed, run number.
 */
public final class StorageCrashWorkload {
    /** Keep the keystore small so a master-key rotation stays quick. */
    static final int MAX_KEYS = 24;
    /** Keep records small: at most this many versions per key. */
    static final int MAX_VERSIONS = 12;
    private static final int ROTATE_EVERY = 6;

    private StorageCrashWorkload() {
    }

    /** Terminates every protocol line, so that the parent can drop a line cut short by the kill. */
    static final String END = " .";

    /**
     * Writes each line with one {@code write(2)} on the stdout descriptor: a pipe write of up to
     * PIPE_BUF bytes is atomic, so a kill cannot split a line (a {@code PrintStream} may write the
     * text and the line separator separately).
     */
    private static final class Protocol {
        private final FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);

        void println(String line) {
            try {
                stdout.write((line + END + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The record of a key after {@code versions} versions; derived from the id only. */
    public static byte[] record(String id, int versions) {
        StringBuilder sb = new StringBuilder();
        for (int v = 1; v <= versions; v++) {
            sb.append(id).append('#').append(v).append(':').append(Integer.toHexString((id + "/" + v).hashCode()))
                    .append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** How many versions {@code record} holds if it is a well-formed record of {@code id}, else -1. */
    public static int versionsOf(String id, byte[] record) {
        int versions = 0;
        for (byte b : record) {
            if (b == '\n') {
                versions++;
            }
        }
        return versions >= 1 && Arrays.equals(record, record(id, versions)) ? versions : -1;
    }

    /** The test key the keystore at {@code dir} currently opens with. */
    static String currentKey(Path dir) {
        try (KeyRecordStore store = KeyRecordStores.open(withKey(dir, KEY_A))) {
            return KEY_A;
        } catch (KmsException e) {
            if (e.code() != KmsErrorCode.UNAUTHENTICATED) {
                throw e;
            }
            return KEY_B;
        }
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        String run = args[2];
        Protocol out = new Protocol();
        long deadline = System.nanoTime() + 60_000_000_000L;
        try {
            String key = currentKey(dir);
            KeyRecordStore store = KeyRecordStores.open(withKey(dir, key));
            List<String> ids = new ArrayList<>(store.list());
            out.println("READY " + ids.size());
            int created = 0;
            int rotations = 0;
            for (int op = 1; System.nanoTime() < deadline; op++) {
                if (op % ROTATE_EVERY == 3) {
                    store.close();
                    String next = key.equals(KEY_A) ? KEY_B : KEY_A;
                    try (MasterKey current = MasterKey.fromBase64(key); MasterKey nextKey = MasterKey.fromBase64(next)) {
                        LocalKeystore.rotateMasterKey(dir, current, nextKey);
                    }
                    key = next;
                    out.println("MASTER " + ++rotations);
                    store = KeyRecordStores.open(withKey(dir, key));
                } else if (random.nextInt(3) > 0) {
                    if (ids.size() >= MAX_KEYS) {
                        String victim = ids.remove(random.nextInt(ids.size()));
                        out.println("DELETING " + victim);
                        store.delete(victim);
                    }
                    String id = "r" + run + "-k" + created++;
                    store.create(id, record(id, 1));
                    out.println("CREATED " + id);
                    ids.add(id);
                } else if (!ids.isEmpty()) {
                    // A stand-in for key rotation: read the record, check it, append a version.
                    String id = ids.get(random.nextInt(ids.size()));
                    byte[] current = store.read(id).orElseThrow(() -> new IllegalStateException("lost " + id));
                    int versions = versionsOf(id, current);
                    if (versions < 0) {
                        throw new IllegalStateException("bad record for " + id);
                    }
                    if (versions < MAX_VERSIONS) {
                        store.replace(id, record(id, versions + 1));
                    }
                }
            }
            store.close();
        } catch (RuntimeException | Error e) {
            out.println("ERROR " + e);
            System.exit(3);
        }
    }
}
