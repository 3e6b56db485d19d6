package dev.kms4j.testkit.aws.internal;

import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One KMS key held by the fake: metadata, state and key material.
 *
 * <p>Thread-safe: mutable fields are guarded by this object's monitor; backing keys are
 * append-only. The key material (backing keys, private key, HMAC key) is secret and is never
 * printed; {@link #toString()} names only the id.
 */
final class FakeKey {
    /** One automatic or on-demand rotation, for ListKeyRotations. */
    static final class Rotation {
        final Instant date;
        final String type;

        Rotation(Instant date, String type) {
            this.date = date;
            this.type = type;
        }
    }

    final String id;
    final String arn;
    final FakeKeySpec spec;
    final String usage;
    final Instant created;
    /** AES-256 backing keys of a symmetric key; version n is at index n-1. Secret. */
    private final List<byte[]> backingKeys = new CopyOnWriteArrayList<>();
    /** The key pair of an asymmetric key (the private half is secret). */
    final KeyPair keyPair;
    /** The key of an HMAC key. Secret. */
    final byte[] hmacKey;

    private String description;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String state = "Enabled";
    private Instant deletionDate;
    private int pendingWindowInDays;
    private boolean rotationEnabled;
    private int rotationPeriodInDays = 365;
    private final List<Rotation> rotations = new ArrayList<>();

    FakeKey(String id, String arn, FakeKeySpec spec, String usage, String description, Instant created) {
        this.id = id;
        this.arn = arn;
        this.spec = spec;
        this.usage = usage;
        this.description = description;
        this.created = created;
        if (spec.isSymmetric()) {
            backingKeys.add(Crypto.randomBytes(32));
            keyPair = null;
            hmacKey = null;
        } else if (spec.isHmac()) {
            keyPair = null;
            hmacKey = Crypto.randomBytes(spec.hmacKeyBytes());
        } else {
            keyPair = spec.generateKeyPair();
            hmacKey = null;
        }
    }

    synchronized String state() {
        return state;
    }

    synchronized void setState(String newState) {
        this.state = newState;
        if (!"PendingDeletion".equals(newState)) {
            deletionDate = null;
            pendingWindowInDays = 0;
        }
    }

    synchronized void scheduleDeletion(Instant date, int windowDays) {
        this.state = "PendingDeletion";
        this.deletionDate = date;
        this.pendingWindowInDays = windowDays;
    }

    synchronized Instant deletionDate() {
        return deletionDate;
    }

    synchronized int pendingWindowInDays() {
        return pendingWindowInDays;
    }

    synchronized String description() {
        return description;
    }

    synchronized void setDescription(String d) {
        this.description = d;
    }

    synchronized Map<String, String> tags() {
        return new LinkedHashMap<>(tags);
    }

    synchronized void putTags(Map<String, String> t) {
        tags.putAll(t);
    }

    synchronized void removeTags(List<String> keys) {
        keys.forEach(tags::remove);
    }

    synchronized boolean rotationEnabled() {
        return rotationEnabled;
    }

    synchronized int rotationPeriodInDays() {
        return rotationPeriodInDays;
    }

    synchronized void setRotation(boolean enabled, Integer periodDays) {
        this.rotationEnabled = enabled;
        if (periodDays != null) {
            this.rotationPeriodInDays = periodDays;
        }
    }

    /** Adds a new backing key (symmetric keys only) and records the rotation. */
    synchronized void rotate(Instant now, String type) {
        backingKeys.add(Crypto.randomBytes(32));
        rotations.add(new Rotation(now, type));
    }

    synchronized List<Rotation> rotations() {
        return new ArrayList<>(rotations);
    }

    /** The current backing-key version (1-based). */
    int currentVersion() {
        return backingKeys.size();
    }

    /** A copy of backing key {@code version}, or {@code null} if there is none. Caller zeroes it. */
    byte[] backingKey(int version) {
        List<byte[]> snapshot = backingKeys;
        if (version < 1 || version > snapshot.size()) {
            return null;
        }
        return snapshot.get(version - 1).clone();
    }

    /** Zeroes all secret material (on reset). */
    void destroy() {
        backingKeys.forEach(k -> Arrays.fill(k, (byte) 0));
        if (hmacKey != null) {
            Arrays.fill(hmacKey, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "FakeKey[" + id + "]";
    }
}
