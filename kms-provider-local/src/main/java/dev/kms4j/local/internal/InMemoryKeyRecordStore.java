package dev.kms4j.local.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link KeyRecordStore} that keeps records in memory only, for tests and ephemeral use
 * ({@code path=:memory:}). Records are copied in and out and zeroed when replaced, deleted or
 * when the store closes. Thread-safe.
 */
public final class InMemoryKeyRecordStore implements KeyRecordStore {
    private final ConcurrentMap<String, byte[]> records = new ConcurrentHashMap<>();

    @Override
    public Optional<byte[]> read(String keyId) {
        byte[] r = records.get(keyId);
        return r == null ? Optional.empty() : Optional.of(r.clone());
    }

    @Override
    public void create(String keyId, byte[] record) {
        byte[] copy = record.clone();
        if (records.putIfAbsent(keyId, copy) != null) {
            Arrays.fill(copy, (byte) 0);
            throw new KmsException(KmsErrorCode.ALREADY_EXISTS, "key '" + keyId + "' already exists");
        }
    }

    @Override
    public void replace(String keyId, byte[] record) {
        byte[] copy = record.clone();
        byte[][] previous = new byte[1][];
        records.computeIfPresent(keyId, (k, v) -> {
            previous[0] = v;
            return copy;
        });
        if (previous[0] == null) {
            Arrays.fill(copy, (byte) 0);
            throw new KmsException(KmsErrorCode.NOT_FOUND, "key '" + keyId + "' does not exist");
        }
        Arrays.fill(previous[0], (byte) 0);
    }

    @Override
    public void delete(String keyId) {
        byte[] old = records.remove(keyId);
        if (old != null) {
            Arrays.fill(old, (byte) 0);
        }
    }

    @Override
    public List<String> list() {
        List<String> ids = new ArrayList<>(records.keySet());
        Collections.sort(ids);
        return ids;
    }

    @Override
    public void close() {
        records.values().forEach(r -> Arrays.fill(r, (byte) 0));
        records.clear();
    }
}
