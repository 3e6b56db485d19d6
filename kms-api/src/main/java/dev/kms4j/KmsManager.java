package dev.kms4j;

import dev.kms4j.internal.DaemonThreads;
import dev.kms4j.internal.HealthChecks;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import dev.kms4j.spi.ProviderDecorator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: one object that routes key operations to the provider named by each key's
 * URI scheme.
 *
 * <pre>{@code
 * try (KmsManager kms = KmsManager.builder()
 *         .enable("local", ProviderConfig.of(Map.of("path", "/var/lib/app/keys")))
 *         .build()) {
 *     KeyRef key = kms.createKey(KeyRef.parse("local://payments"), KeySpec.EC_P256);
 *     byte[] sig = kms.sign(key, SignatureAlgorithm.ECDSA_SHA256, message);
 * }
 * }</pre>
 *
 * <p>Providers are <em>discovered</em> with {@link ServiceLoader} but only <em>enabled</em>
 * explicitly through {@link Builder#enable}: a jar on the classpath can never take over a scheme
 * silently. Two discovered factories for one enabled scheme is an error at {@link Builder#build()}.
 *
 * <p>Every failure is a {@link KmsException}; a provider's unexpected runtime exception is wrapped
 * as {@link KmsErrorCode#INTERNAL}. Null arguments give {@link KmsErrorCode#INVALID_ARGUMENT}.
 * Nothing secret is logged: operations are logged at DEBUG with the key reference and outcome only.
 *
 * <p>Thread-safe. Close it to release provider resources (files, locks, connections); calls after
 * {@link #close()} throw {@link IllegalStateException}.
 */
public final class KmsManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KmsManager.class);

    private final Map<String, KmsProvider> providers;
    private volatile boolean closed;

    private KmsManager(Map<String, KmsProvider> providers) {
        this.providers = providers;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The enabled schemes. */
    public Set<String> schemes() {
        return Collections.unmodifiableSet(new TreeSet<>(providers.keySet()));
    }

    /** The operations the provider for {@code scheme} supports. */
    public Set<Capability> capabilities(String scheme) {
        return provider(scheme).capabilities();
    }

    /** Creates a key of {@code spec} with its default usage; returns its canonical, unversioned reference. */
    public KeyRef createKey(KeyRef ref, KeySpec spec) {
        require(spec, "key spec");
        return createKey(ref, CreateKeyOptions.of(spec));
    }

    /** Creates a key; returns its canonical, unversioned reference. */
    public KeyRef createKey(KeyRef ref, CreateKeyOptions options) {
        require(options, "key options");
        return call("createKey", ref, Capability.CREATE, p -> p.createKey(ref, options).ref());
    }

    /**
     * Lists the keys under a URI prefix: {@code "local://"}, or for remote providers the part
     * that names an account, vault or mount (for example {@code "vault-transit://host:8200/transit/"}).
     */
    public List<KeyRef> listKeys(String uriPrefix) {
        require(uriPrefix, "URI prefix");
        int sep = uriPrefix.indexOf("://");
        String scheme = sep < 0 ? uriPrefix : uriPrefix.substring(0, sep);
        String scope = sep < 0 ? "" : uriPrefix.substring(sep + 3);
        KmsProvider p = provider(scheme);
        checkCapability(p, Capability.LIST, null);
        return run("listKeys", scheme, null, () -> List.copyOf(p.listKeys(scope)));
    }

    /** Reads a key's metadata. */
    public KeyMetadata metadata(KeyRef ref) {
        return call("metadata", ref, Capability.METADATA, p -> p.metadata(ref));
    }

    /** Adds a new current version; returns a reference to that exact version. */
    public KeyRef rotate(KeyRef ref) {
        return call("rotate", ref, Capability.ROTATE, p -> p.rotate(ref));
    }

    /** The key's automatic rotation policy ({@link RotationPolicy#manual()} if it has none). */
    public RotationPolicy rotationPolicy(KeyRef ref) {
        return call("rotationPolicy", ref, Capability.ROTATION_POLICY, p -> p.rotationPolicy(ref));
    }

    /**
     * Makes the provider rotate the key by itself every period, or stop doing so
     * ({@link RotationPolicy#manual()}). A period the provider cannot honour is
     * {@link KmsErrorCode#INVALID_ARGUMENT}.
     */
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        require(policy, "rotation policy");
        call("setRotationPolicy", ref, Capability.ROTATION_POLICY, p -> {
            p.setRotationPolicy(ref, policy);
            return null;
        });
    }

    /** Disables a key, or one version if {@code ref} has a version. */
    public void disable(KeyRef ref) {
        call("disable", ref, Capability.ENABLE_DISABLE, p -> {
            p.disable(ref);
            return null;
        });
    }

    /** Enables a key, or one version if {@code ref} has a version. */
    public void enable(KeyRef ref) {
        call("enable", ref, Capability.ENABLE_DISABLE, p -> {
            p.enable(ref);
            return null;
        });
    }

    /**
     * Schedules a key's destruction after {@code pendingWindow}; until then it refuses use and
     * {@link #cancelDeletion} restores it (disabled). Returns the time of destruction.
     */
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        require(pendingWindow, "pending window");
        if (pendingWindow.isNegative()) {
            throw invalid("pending window must not be negative");
        }
        return call("scheduleDeletion", ref, Capability.SCHEDULE_DELETION, p -> p.scheduleDeletion(ref, pendingWindow));
    }

    /** Cancels a scheduled deletion; the key becomes {@link KeyState#DISABLED}. */
    public void cancelDeletion(KeyRef ref) {
        call("cancelDeletion", ref, Capability.SCHEDULE_DELETION, p -> {
            p.cancelDeletion(ref);
            return null;
        });
    }

    /**
     * Signs {@code message} (or computes its MAC for HMAC keys). ECDSA signatures are DER on every
     * provider. The message is hashed locally where the provider accepts a digest.
     */
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        require(algorithm, "signature algorithm");
        require(message, "message");
        return call("sign", ref, Capability.SIGN, p -> p.sign(ref, algorithm, message));
    }

    /**
     * Verifies a signature or MAC: {@code false} for a wrong or malformed signature; throws only
     * when it cannot decide (unknown key, disabled key, provider down). Without a version in
     * {@code ref}, a signature by any enabled version is accepted.
     */
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        require(algorithm, "signature algorithm");
        require(message, "message");
        require(signature, "signature");
        return call("verify", ref, Capability.VERIFY, p -> p.verify(ref, algorithm, message, signature));
    }

    /** The public key (current version, or the version in {@code ref}); see {@link PublicKeys} for PEM. */
    public PublicKey getPublicKey(KeyRef ref) {
        return call("getPublicKey", ref, Capability.PUBLIC_KEY, p -> p.publicKey(ref));
    }

    /** Encrypts with the key itself; the ciphertext records the key version used. */
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        require(plaintext, "plaintext");
        require(context, "encryption context");
        return call("encrypt", ref, Capability.ENCRYPT, p -> p.encrypt(ref, plaintext, context));
    }

    /** Decrypts; {@link KmsErrorCode#INTEGRITY} if the ciphertext or context does not authenticate. */
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        require(ciphertext, "ciphertext");
        require(context, "encryption context");
        return call("decrypt", ref, Capability.DECRYPT, p -> p.decrypt(ref, ciphertext, context));
    }

    /** Generates a data key under {@code kek}: plaintext (secret, close it) plus wrapped form. */
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        require(spec, "data key spec");
        require(context, "encryption context");
        return call("createDek", kek, Capability.DATA_KEY, p -> p.createDek(kek, spec, context));
    }

    /** Wraps caller-supplied key bytes under {@code kek}. The caller still owns (and zeroes) {@code key}. */
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        require(key, "key bytes");
        require(context, "encryption context");
        return call("wrap", kek, Capability.WRAP, p -> p.wrap(kek, key, context));
    }

    /** Unwraps with the exact KEK version recorded in {@code wrapped}. Close the result. */
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        require(wrapped, "wrapped key");
        require(context, "encryption context");
        return call("unwrap", wrapped.kek(), Capability.UNWRAP, p -> p.unwrap(wrapped, context));
    }

    // ---- Health, asynchronous and batch calls -------------------------------------------------
    // Kept together (fields included) so that this concern reads, and merges, as one block.

    /** How long {@link #health()} waits for the providers, in all. */
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(5);
    /** Threads in the manager's own pool for {@link #async()} and {@link #batch()}: at least 2, at most 8. */
    static final int ASYNC_THREADS = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    /** Tasks that may wait for a thread in that pool; beyond it calls fail with {@code THROTTLED}. */
    static final int ASYNC_QUEUE_CAPACITY = 1024;

    private final Object operationsLock = new Object();
    private ThreadPoolExecutor asyncPool; // guarded by operationsLock; made on first use
    private HealthChecks healthChecks; // guarded by operationsLock; made on first use

    /** {@link #health(Duration)} with {@link #DEFAULT_HEALTH_TIMEOUT}. */
    public HealthReport health() {
        return health(DEFAULT_HEALTH_TIMEOUT);
    }

    /**
     * Checks every enabled provider at once through {@link KmsProvider#health()} (a cheap real
     * call, {@code listKeys} by default) and reports status, latency and reason per provider. A
     * provider that does not answer within {@code timeout} is {@code DOWN} with
     * {@link KmsErrorCode#TIMEOUT}, so the whole call takes at most about {@code timeout}; its
     * probe keeps its thread until it ends, and the next report waits on that same probe rather
     * than starting another. Never throws for an unhealthy provider.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} for a null or non-positive timeout
     */
    public HealthReport health(Duration timeout) {
        require(timeout, "health timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw invalid("health timeout must be positive");
        }
        HealthChecks checks;
        synchronized (operationsLock) {
            ensureOpen();
            if (healthChecks == null) {
                healthChecks = new HealthChecks(providers);
            }
            checks = healthChecks;
        }
        return checks.check(timeout);
    }

    /**
     * The asynchronous view over the manager's own pool: max(2, min(8, available processors))
     * daemon threads and a queue of 1024 tasks (beyond it calls fail with
     * {@link KmsErrorCode#THROTTLED}), made on first use and shut down by {@link #close()}.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public AsyncKms async() {
        return new AsyncKms(this, ownPool());
    }

    /** The asynchronous view over {@code executor}, which stays yours: {@link #close()} leaves it running. */
    public AsyncKms async(Executor executor) {
        require(executor, "executor");
        return new AsyncKms(this, executor);
    }

    /**
     * Batch calls with {@link KmsBatch#DEFAULT_PARALLELISM} items at once and at most
     * {@link KmsBatch#DEFAULT_MAX_ITEMS} per batch, helped by the manager's own pool; see
     * {@link KmsBatch} for other settings.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public KmsBatch batch() {
        return new KmsBatch(this, ownPool(), KmsBatch.DEFAULT_PARALLELISM, KmsBatch.DEFAULT_MAX_ITEMS);
    }

    boolean isClosed() {
        return closed;
    }

    private Executor ownPool() {
        synchronized (operationsLock) {
            ensureOpen();
            if (asyncPool == null) {
                ThreadPoolExecutor pool = new ThreadPoolExecutor(ASYNC_THREADS, ASYNC_THREADS, 60, TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(ASYNC_QUEUE_CAPACITY), DaemonThreads.named("kms4j-async"));
                pool.allowCoreThreadTimeOut(true);
                asyncPool = pool;
            }
            return asyncPool;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("KmsManager is closed");
        }
    }

    /**
     * Stops the own pool and the health threads. Queued asynchronous calls still run, and fail at
     * once with {@link IllegalStateException} because the manager is closed; running ones finish
     * or fail as their provider closes.
     */
    private void shutDownOperations() {
        synchronized (operationsLock) {
            if (asyncPool != null) {
                asyncPool.shutdown();
            }
            if (healthChecks != null) {
                healthChecks.close();
            }
        }
    }

    // --- Caching control (issue 8, cache decorator) ---

    /**
     * Drops every cached answer (key metadata, public keys) for every provider, so the next calls
     * ask the backends. Use it after changing keys outside kms4j (in a cloud console, say), which
     * kms4j cannot see. Does nothing when no cache decorator is registered.
     */
    public void clearCache() {
        for (String scheme : providers.keySet()) {
            provider(scheme).clearCache();
        }
    }

    /** Drops the cached answers for one key, every version of it; see {@link #clearCache()}. */
    public void clearCache(KeyRef ref) {
        require(ref, "key reference");
        provider(ref.scheme()).clearCache(ref.withoutVersion());
    }

    /** Closes every provider; later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutDownOperations();
        RuntimeException first = null;
        for (Map.Entry<String, KmsProvider> e : providers.entrySet()) {
            try {
                e.getValue().close();
            } catch (RuntimeException ex) {
                LOG.warn("closing provider '{}' failed: {}", e.getKey(), ex.toString());
                if (first == null) {
                    first = ex;
                } else {
                    first.addSuppressed(ex);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "KmsManager" + schemes() + (closed ? " (closed)" : "");
    }

    private interface Operation<T> {
        T apply(KmsProvider provider);
    }

    private <T> T call(String operation, KeyRef ref, Capability capability, Operation<T> op) {
        require(ref, "key reference");
        KmsProvider p = provider(ref.scheme());
        checkCapability(p, capability, ref);
        return run(operation, ref.scheme(), ref, () -> op.apply(p));
    }

    private <T> T run(String operation, String scheme, KeyRef ref, Supplier<T> body) {
        // The clock is read only for the DEBUG line: on a cached AES-GCM call it is a measurable
        // share of the whole cost.
        long start = LOG.isDebugEnabled() ? System.nanoTime() : 0L;
        try {
            T result = body.get();
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} ok in {} us", operation, ref == null ? scheme : ref, (System.nanoTime() - start) / 1000);
            }
            return result;
        } catch (KmsException e) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} failed: {}", operation, ref == null ? scheme : ref, e.code());
            }
            throw e.withContext(scheme, ref);
        } catch (RuntimeException e) {
            // Fail closed: an unexpected provider failure becomes a typed INTERNAL error. The
            // cause is kept for diagnosis; its message is not copied into ours.
            LOG.debug("{} {} failed unexpectedly: {}", operation, ref == null ? scheme : ref, e.getClass().getName());
            throw KmsException.builder(KmsErrorCode.INTERNAL,
                            operation + " on " + (ref == null ? scheme : ref) + " failed unexpectedly ("
                                    + e.getClass().getSimpleName() + ")")
                    .provider(scheme).keyRef(ref).cause(e).build();
        }
    }

    private KmsProvider provider(String scheme) {
        if (closed) {
            throw new IllegalStateException("KmsManager is closed");
        }
        KmsProvider p = providers.get(scheme);
        if (p == null) {
            throw invalid("no provider is enabled for scheme '" + scheme + "'; enabled: " + schemes());
        }
        return p;
    }

    private static void checkCapability(KmsProvider p, Capability capability, KeyRef ref) {
        if (!p.capabilities().contains(capability)) {
            throw KmsException.builder(KmsErrorCode.UNSUPPORTED,
                            "provider '" + p.scheme() + "' does not support " + capability)
                    .provider(p.scheme()).keyRef(ref).build();
        }
    }

    private static void require(Object value, String what) {
        if (value == null) {
            throw invalid(what + " must not be null");
        }
    }

    private static KmsException invalid(String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
    }

    /**
     * Builds a {@link KmsManager}. Not thread-safe.
     *
     * <p>Factories come from {@link ServiceLoader} (unless {@link #discovery(boolean)} is off)
     * and from {@link #factory(KmsProviderFactory)}; an explicitly given factory takes precedence
     * over discovered ones for its scheme.
     */
    public static final class Builder {
        private final Map<String, ProviderConfig> enabled = new LinkedHashMap<>();
        private final Map<String, KmsProviderFactory> explicitFactories = new LinkedHashMap<>();
        private final List<ProviderDecorator> decorators = new ArrayList<>();
        private ClassLoader classLoader;
        private boolean discovery = true;

        private Builder() {
        }

        /** Enables {@code scheme} with settings from system properties and the environment only. */
        public Builder enable(String scheme) {
            return enable(scheme, ProviderConfig.empty());
        }

        /** Enables {@code scheme} with the given settings. */
        public Builder enable(String scheme, ProviderConfig config) {
            require(scheme, "scheme");
            require(config, "provider config");
            if (enabled.containsKey(scheme)) {
                throw invalid("scheme '" + scheme + "' is enabled twice");
            }
            enabled.put(scheme, config);
            return this;
        }

        /** Registers a factory explicitly (it need not be on the service path). */
        public Builder factory(KmsProviderFactory factory) {
            require(factory, "factory");
            KmsProviderFactory previous = explicitFactories.putIfAbsent(factory.scheme(), factory);
            if (previous != null) {
                throw invalid(twoFactories(factory.scheme(), previous, factory));
            }
            return this;
        }

        /**
         * Wraps every enabled provider with {@code decorator}. Decorators are stacked by
         * {@link ProviderDecorator#stage()}, not by the order of these calls; within one stage the
         * first registered is the inner one.
         */
        public Builder decorate(ProviderDecorator decorator) {
            require(decorator, "decorator");
            require(decorator.stage(), "decorator stage");
            decorators.add(decorator);
            return this;
        }

        /** The class loader for {@link ServiceLoader} discovery (default: the thread context loader). */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        /** Turns {@link ServiceLoader} discovery on (default) or off. */
        public Builder discovery(boolean discovery) {
            this.discovery = discovery;
            return this;
        }

        /**
         * Creates a provider for every enabled scheme.
         *
         * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if a scheme has no factory
         *     (the message lists the discovered schemes) or two discovered factories (naming both
         *     classes); otherwise whatever the provider's factory throws
         */
        public KmsManager build() {
            Map<String, KmsProviderFactory> factories = discover();
            Map<String, KmsProvider> providers = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, ProviderConfig> e : enabled.entrySet()) {
                    String scheme = e.getKey();
                    KmsProviderFactory factory = factories.get(scheme);
                    if (factory == null) {
                        throw invalid("no provider found for scheme '" + scheme + "'; discovered: "
                                + new TreeSet<>(factories.keySet())
                                + " (add the provider's module to the classpath)");
                    }
                    KmsProvider provider = factory.create(e.getValue().forScheme(scheme));
                    if (provider == null || !scheme.equals(provider.scheme())) {
                        if (provider != null) {
                            provider.close();
                        }
                        throw new KmsException(KmsErrorCode.INTERNAL, "factory " + factory.getClass().getName()
                                + " returned a provider for the wrong scheme");
                    }
                    providers.put(scheme, decorated(provider, e.getValue().forScheme(scheme)));
                }
            } catch (RuntimeException e) {
                for (KmsProvider created : providers.values()) {
                    try {
                        created.close();
                    } catch (RuntimeException closeFailure) {
                        e.addSuppressed(closeFailure);
                    }
                }
                throw e;
            }
            LOG.debug("kms4j enabled providers {}", providers.keySet());
            return new KmsManager(Collections.unmodifiableMap(providers));
        }

        /**
         * Stacks the decorators around {@code provider}, innermost ({@link ProviderDecorator.Stage#RESILIENCE})
         * first. If a decorator fails, the layers built so far and the provider are closed.
         */
        private KmsProvider decorated(KmsProvider provider, ProviderConfig config) {
            List<ProviderDecorator> ordered = new ArrayList<>(decorators);
            // Stable sort: registration order is kept within a stage; later stages go on first.
            ordered.sort(Comparator.comparing(ProviderDecorator::stage).reversed());
            KmsProvider current = provider;
            try {
                for (ProviderDecorator d : ordered) {
                    KmsProvider wrapped = d.decorate(current, config);
                    if (wrapped == null || !provider.scheme().equals(wrapped.scheme())) {
                        throw new KmsException(KmsErrorCode.INTERNAL, "decorator " + d.getClass().getName()
                                + " returned " + (wrapped == null ? "null" : "a provider for another scheme"));
                    }
                    current = wrapped;
                }
                return current;
            } catch (RuntimeException e) {
                try {
                    current.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
                throw e;
            }
        }

        private Map<String, KmsProviderFactory> discover() {
            Map<String, KmsProviderFactory> found = new TreeMap<>();
            List<String> conflicts = new ArrayList<>();
            if (discovery) {
                ClassLoader cl = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
                ServiceLoader<KmsProviderFactory> loader = cl == null
                        ? ServiceLoader.load(KmsProviderFactory.class)
                        : ServiceLoader.load(KmsProviderFactory.class, cl);
                try {
                    for (KmsProviderFactory f : loader) {
                        KmsProviderFactory previous = found.putIfAbsent(f.scheme(), f);
                        if (previous != null && previous.getClass() != f.getClass()
                                && enabled.containsKey(f.scheme()) && !explicitFactories.containsKey(f.scheme())) {
                            conflicts.add(twoFactories(f.scheme(), previous, f));
                        }
                    }
                } catch (ServiceConfigurationError e) {
                    throw new KmsException(KmsErrorCode.INTERNAL, "provider discovery failed: " + e.getMessage(), e);
                }
            }
            if (!conflicts.isEmpty()) {
                throw invalid(String.join("; ", conflicts));
            }
            found.putAll(explicitFactories);
            return found;
        }

        private static String twoFactories(String scheme, KmsProviderFactory a, KmsProviderFactory b) {
            return "two provider factories claim scheme '" + scheme + "': " + a.getClass().getName()
                    + " and " + b.getClass().getName() + "; remove one from the classpath";
        }
    }
}
