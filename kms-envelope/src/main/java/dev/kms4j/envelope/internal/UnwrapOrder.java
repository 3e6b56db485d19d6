package dev.kms4j.envelope.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.WrappedKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which decryption tries a header's wrapped DEKs: first the entries whose KEK is one
 * of the envelope's configured KEKs (in configuration order; a configured KEK without a version
 * matches every version of that key, since the header names the exact version and the
 * configuration usually does not), then the remaining entries in header order.
 * Stateless and thread-safe.
 */
public final class UnwrapOrder {
    private UnwrapOrder() {
    }

    public static List<WrappedKey> of(List<WrappedKey> headerEntries, List<KeyRef> configured) {
        int n = headerEntries.size();
        List<WrappedKey> order = new ArrayList<>(n);
        // Positions, not equals(): two entries may be equal, and comparing wrapped bytes per pair costs more.
        boolean[] taken = new boolean[n];
        for (KeyRef kek : configured) {
            for (int i = 0; i < n; i++) {
                if (!taken[i] && matches(kek, headerEntries.get(i).kek())) {
                    taken[i] = true;
                    order.add(headerEntries.get(i));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!taken[i]) {
                order.add(headerEntries.get(i));
            }
        }
        return order;
    }

    /**
     * Keeps only the entries whose KEK this envelope may unwrap with: any KEK if {@code anyKek},
     * else a KEK that is configured or trusted (a reference without a version matches every
     * version of its key; one with a version matches only that version). The order is kept.
     */
    public static List<WrappedKey> allowed(List<WrappedKey> ordered, List<KeyRef> mayUnwrap, boolean anyKek) {
        if (anyKek) {
            return ordered;
        }
        List<WrappedKey> allowed = new ArrayList<>(ordered.size());
        for (WrappedKey e : ordered) {
            for (KeyRef k : mayUnwrap) {
                if (matches(k, e.kek())) {
                    allowed.add(e);
                    break;
                }
            }
        }
        return allowed;
    }

    /** A configured reference without a version matches every version of its key; one with a version only that. */
    private static boolean matches(KeyRef configured, KeyRef entry) {
        if (configured.hasVersion()) {
            return configured.equals(entry);
        }
        // The same as configured.equals(entry.withoutVersion()), without building a reference per comparison.
        return configured.scheme().equals(entry.scheme()) && configured.keyId().equals(entry.keyId());
    }
}
