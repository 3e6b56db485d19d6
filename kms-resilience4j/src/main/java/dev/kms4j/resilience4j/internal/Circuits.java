package dev.kms4j.resilience4j.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.resilience4j.CircuitState;
import dev.kms4j.resilience4j.CircuitStatus;
import dev.kms4j.resilience4j.Resilience;
import dev.kms4j.resilience4j.ResilienceOptions;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breakers of one provider: one for the provider as a whole, and (with
 * {@code breaker-per-endpoint}) one per endpoint that key references name, so one unreachable
 * Azure vault or Vault server does not fail calls to the others. The endpoint is the host (and
 * port) leading an id such as {@code myvault.vault.azure.net/payments} or
 * {@code vault.internal:8200/transit/payments}, or the region of an AWS ARN; ids without one
 * (local keys, AWS aliases and bare key ids) share the provider circuit.
 *
 * <p>Breakers count only availability failures: {@code UNAVAILABLE} and {@code TIMEOUT} (and
 * {@code THROTTLED} if configured). Any other answer from the provider, errors such as
 * {@code NOT_FOUND} or {@code PERMISSION_DENIED} included, shows the endpoint is up and counts as
 * a success; {@code THROTTLED} (unless counted), {@code INTERNAL} and non-kms4j exceptions are
 * ignored. Thread-safe.
 */
final class Circuits {
    private static final Logger LOG = LoggerFactory.getLogger(Circuits.class);
    /** Endpoints are caller-controlled strings; past this many, new ones share the provider circuit. */
    static final int MAX_ENDPOINT_CIRCUITS = 64;
    private static final String PROVIDER_WIDE = "";

    private final String scheme;
    private final CircuitBreakerConfig config;
    private final boolean perEndpoint;
    private final Duration openWait;
    private final Clock clock;
    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();
    private final Circuit providerWide;

    Circuits(String scheme, ResilienceOptions options) {
        this.scheme = scheme;
        this.perEndpoint = options.breakerPerEndpoint();
        this.openWait = options.breakerOpenWait();
        this.clock = options.clock();
        if (options.breakerEnabled()) {
            this.config = CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(options.breakerWindow())
                    // Every call records its outcome: the default synchronized window would be a
                    // lock shared by all threads calling this provider.
                    .slidingWindowSynchronizationStrategy(
                            CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                    .minimumNumberOfCalls(options.breakerMinimumCalls())
                    .failureRateThreshold(options.breakerFailureRate())
                    .waitDurationInOpenState(options.breakerOpenWait())
                    .permittedNumberOfCallsInHalfOpenState(options.breakerHalfOpenCalls())
                    // Half-open on the first call after the wait: no scheduler thread of our own.
                    .automaticTransitionFromOpenToHalfOpenEnabled(false)
                    .recordException(counted(options.breakerCountsThrottling()))
                    .ignoreException(ignored(options.breakerCountsThrottling()))
                    .writableStackTraceEnabled(false)
                    .clock(clock)
                    .build();
        } else {
            this.config = null;
        }
        this.providerWide = new Circuit(PROVIDER_WIDE);
        circuits.put(PROVIDER_WIDE, providerWide);
    }

    private static Predicate<Throwable> counted(boolean countThrottling) {
        return t -> t instanceof KmsException && (((KmsException) t).code() == KmsErrorCode.UNAVAILABLE
                || ((KmsException) t).code() == KmsErrorCode.TIMEOUT
                || countThrottling && ((KmsException) t).code() == KmsErrorCode.THROTTLED);
    }

    private static Predicate<Throwable> ignored(boolean countThrottling) {
        return t -> !(t instanceof KmsException) || ((KmsException) t).code() == KmsErrorCode.INTERNAL
                || !countThrottling && ((KmsException) t).code() == KmsErrorCode.THROTTLED;
    }

    /** The circuit for a call about {@code ref} (or, for {@code listKeys}, about {@code scope}). */
    Circuit forCall(KeyRef ref, String scope) {
        if (!perEndpoint || config == null) {
            return providerWide;
        }
        String endpoint = endpointOf(ref != null ? ref.keyId() : scope);
        if (endpoint == null) {
            return providerWide;
        }
        Circuit c = circuits.get(endpoint);
        if (c != null) {
            return c;
        }
        if (circuits.size() > MAX_ENDPOINT_CIRCUITS) {
            return providerWide;
        }
        return circuits.computeIfAbsent(endpoint, Circuit::new);
    }

    /** The endpoint a key id or list scope names, or {@code null}. Exposed for tests. */
    static String endpointOf(String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        if (id.startsWith("arn:")) {
            // arn:partition:kms:REGION:account:key/...
            String[] parts = id.split(":", 6);
            return parts.length >= 5 && !parts[3].isEmpty() ? parts[3].toLowerCase(Locale.ROOT) : null;
        }
        int slash = id.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String first = id.substring(0, slash);
        // A host name has a dot or a port; "alias", "transit" or a bare key name has neither.
        return first.indexOf('.') >= 0 || first.indexOf(':') >= 0 ? first.toLowerCase(Locale.ROOT) : null;
    }

    List<CircuitStatus> snapshot() {
        List<CircuitStatus> out = new ArrayList<>();
        for (Circuit c : circuits.values()) {
            out.add(CircuitStatus.of(scheme, c.endpoint.isEmpty() ? null : c.endpoint, c.state()));
        }
        return out;
    }

    /** One breaker and what it guards. */
    final class Circuit {
        private final String endpoint;
        private final String name;
        private final CircuitBreaker breaker;
        /** The state last seen by {@link #observe()}; guarded by this circuit for writes. */
        private volatile CircuitBreaker.State lastSeen = CircuitBreaker.State.CLOSED;
        /** When the current open period ends; read for the fail-fast error's retry hint. */
        private volatile Instant openUntil = Instant.MIN;

        Circuit(String endpoint) {
            this.endpoint = endpoint;
            this.name = Resilience.NAME_PREFIX + scheme + (endpoint.isEmpty() ? "" : "/" + endpoint);
            // No event consumer is registered on purpose: with one, Resilience4j allocates and
            // dispatches an event on every successful call. State changes are noticed by observe().
            this.breaker = config == null ? null : CircuitBreaker.of(name, config);
        }

        /**
         * Notices a state change after the breaker was asked for permission or told an outcome
         * (the only moments its state changes, as no scheduler is used): records when an open
         * period ends and logs the change. One volatile read when nothing changed.
         */
        void observe() {
            CircuitBreaker.State now = breaker.getState();
            if (now == lastSeen) {
                return;
            }
            synchronized (this) {
                CircuitBreaker.State before = lastSeen;
                if (now == before) {
                    return;
                }
                if (now == CircuitBreaker.State.OPEN) {
                    openUntil = clock.instant().plus(openWait);
                }
                lastSeen = now;
                LOG.info("circuit breaker {} went from {} to {}", name, before, now);
            }
        }

        /** The breaker, or {@code null} when circuit breaking is off. */
        CircuitBreaker breaker() {
            return breaker;
        }

        /** What the fail-fast error names: {@code local}, or {@code azure-kv/myvault.vault.azure.net}. */
        String displayName() {
            return scheme + (endpoint.isEmpty() ? "" : "/" + endpoint);
        }

        /**
         * How long until the circuit lets a trial call through, or {@code null} when it is not
         * open. Resilience4j half-opens only strictly after the open period, hence the extra
         * millisecond: a caller waiting exactly this long is let through.
         */
        Duration remainingOpenWait() {
            if (breaker.getState() != CircuitBreaker.State.OPEN) {
                return null;
            }
            observe();
            Duration left = Duration.between(clock.instant(), openUntil);
            return (left.isNegative() ? Duration.ZERO : left).plusMillis(1);
        }

        CircuitState state() {
            if (breaker == null) {
                return CircuitState.DISABLED;
            }
            switch (breaker.getState()) {
                case CLOSED:
                    return CircuitState.CLOSED;
                case OPEN:
                case FORCED_OPEN:
                    return CircuitState.OPEN;
                case HALF_OPEN:
                    return CircuitState.HALF_OPEN;
                default:
                    return CircuitState.DISABLED;
            }
        }
    }
}
