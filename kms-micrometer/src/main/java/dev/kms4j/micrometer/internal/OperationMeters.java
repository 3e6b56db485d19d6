package dev.kms4j.micrometer.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one operation of one provider, registered on first use (so only operations that
 * ran show up). Without key tags the success timer is kept in a field and failures are indexed by
 * error code, so a call costs no registry or map lookup: a lookup per call would be a visible
 * share of a local AES-GCM operation of a microsecond or two. With key tags, meters are kept per
 * key. Not part of the API. Thread-safe.
 */
final class OperationMeters {
    private final ProviderMeters provider;
    private final String operation;
    private volatile Timer ok; // without key tags; registering twice is harmless (same meter)
    private final AtomicReferenceArray<Timer> errorTimers = new AtomicReferenceArray<>(KmsErrorCode.values().length);
    private final AtomicReferenceArray<Counter> errorCounters = new AtomicReferenceArray<>(KmsErrorCode.values().length);
    private final Map<String, Timer> okByKey = new ConcurrentHashMap<>();
    private final Map<String, Timer> errorTimersByKey = new ConcurrentHashMap<>();
    private final Map<String, Counter> errorCountersByKey = new ConcurrentHashMap<>();

    OperationMeters(ProviderMeters provider, String operation) {
        this.provider = provider;
        this.operation = operation;
    }

    long start() {
        return provider.now();
    }

    void ok(KeyRef ref, long start) {
        Timer t;
        if (provider.keyTag()) {
            String key = ProviderMeters.keyName(ref);
            t = okByKey.computeIfAbsent(key, k -> provider.timer(operation, k, "ok", ProviderMeters.NO_ERROR));
        } else {
            t = ok;
            if (t == null) {
                t = provider.timer(operation, null, "ok", ProviderMeters.NO_ERROR);
                ok = t;
            }
        }
        t.record(provider.now() - start, TimeUnit.NANOSECONDS);
    }

    void error(KeyRef ref, KmsErrorCode code, long start) {
        long elapsed = provider.now() - start;
        Timer t;
        Counter c;
        if (provider.keyTag()) {
            String key = ProviderMeters.keyName(ref);
            String id = code.name() + ' ' + key;
            t = errorTimersByKey.computeIfAbsent(id, i -> provider.timer(operation, key, "error", code.name()));
            c = errorCountersByKey.computeIfAbsent(id, i -> provider.errorCounter(operation, key, code));
        } else {
            int i = code.ordinal();
            t = errorTimers.get(i);
            if (t == null) {
                // Registering twice is harmless: the registry returns the same meter.
                t = provider.timer(operation, null, "error", code.name());
                errorTimers.set(i, t);
            }
            c = errorCounters.get(i);
            if (c == null) {
                c = provider.errorCounter(operation, null, code);
                errorCounters.set(i, c);
            }
        }
        t.record(elapsed, TimeUnit.NANOSECONDS);
        c.increment();
    }
}
