package dev.kms4j.local.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory store that remembers every array it handed out from {@link #read} and every array
 * it was given, so tests can check the provider zeroes secret record bytes after use.
 */
final class RecordingKeyRecordStore implements KeyRecordStore {
    private final InMemoryKeyRecordStore delegate = new InMemoryKeyRecordStore();
    final List<byte[]> handedOut = new CopyOnWriteArrayList<>();
    final List<byte[]> received = new CopyOnWriteArrayList<>();

    @Override
    public Optional<byte[]> read(String keyId) {
        Optional<byte[]> r = delegate.read(keyId);
        r.ifPresent(handedOut::add);
        return r;
    }

    @Override
    public void create(String keyId, byte[] record) {
        received.add(record);
        delegate.create(keyId, record);
    }

    @Override
    public void replace(String keyId, byte[] record) {
        received.add(record);
        delegate.replace(keyId, record);
    }

    @Override
    public void delete(String keyId) {
        delegate.delete(keyId);
    }

    @Override
    public List<String> list() {
        return delegate.list();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** A fresh copy of the stored record (secret; for assertions only). */
    byte[] stored(String keyId) {
        return delegate.read(keyId).orElseThrow();
    }
}
