package dev.kms4j.server.auth;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Resilience4j {@link RateLimiter} per client with a configured limit, created on the client's
 * first call. A call that finds no permit is refused at once (no waiting), so a flooding client
 * cannot tie up server threads.
 *
 * <p>Thread-safe. Nothing here is secret.
 */
public final class ClientRateLimits {
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    /** Whether {@code client} may make one more call now (always true without a configured limit). */
    public boolean tryAcquire(ClientRecord client) {
        if (client.rateLimit().isEmpty()) {
            return true;
        }
        ClientRecord.RateLimit limit = client.rateLimit().get();
        RateLimiter limiter = limiters.computeIfAbsent(client.id() + "|" + limit, k -> RateLimiter.of(
                "kms4j-client-" + client.id(),
                RateLimiterConfig.custom()
                        .limitForPeriod(limit.permits())
                        .limitRefreshPeriod(limit.period())
                        .timeoutDuration(Duration.ZERO)
                        .build()));
        return limiter.acquirePermission();
    }
}
