package dev.kms4j.remote;

import dev.kms4j.Capability;
import dev.kms4j.ProviderConfig;
import dev.kms4j.remote.internal.RemoteChannel;
import dev.kms4j.remote.internal.RemoteKeyIds;
import dev.kms4j.remote.internal.RemoteKmsProvider;
import dev.kms4j.remote.internal.RemoteSettings;
import dev.kms4j.remote.internal.TokenSource;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Creates remote providers (scheme {@code kms4j}) that forward every operation to a kms4j server
 * over gRPC. Discovered through {@link java.util.ServiceLoader}; enable it explicitly with
 * {@code KmsManager.builder().enable("kms4j", config)}.
 *
 * <p>Key URIs: {@code kms4j://<server-side scheme>/<server-side key id>[#version]}; the key id is
 * split at its first {@code '/'}, so {@code kms4j://local/payments#2} is the server's
 * {@code local://payments#2}, and every reference in an answer maps back the same way.
 *
 * <p>Settings (explicit, then system property {@code kms4j.kms4j.<name>}, then environment):
 * {@code target} ({@code host:port}, or {@code unix:/path/to.sock}; {@code KMS4J_TARGET}),
 * {@code tls} (default true on TCP, false on a Unix socket), {@code ca-cert}, {@code client-cert}
 * and {@code client-key} (PEM files; the last two for mutual TLS), {@code authority},
 * {@code client-id} and {@code client-secret} ({@code KMS4J_CLIENT_ID}, {@code KMS4J_CLIENT_SECRET};
 * absent when the server runs without authentication) and {@code timeout} (per call, default
 * 30s). See {@code docs/providers/remote.md}.
 *
 * <p>Creating a provider makes no call: the channel connects, and the client authenticates, on
 * first use. <strong>Secret:</strong> the client secret and the access tokens; neither this
 * factory nor its providers log them or show them in {@code toString()}. Stateless and
 * thread-safe.
 */
public final class RemoteProviderFactory implements KmsProviderFactory {
    /** The key URI scheme served. */
    public static final String SCHEME = RemoteKeyIds.SCHEME;

    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.allOf(Capability.class));

    private final Function<RemoteSettings, RemoteChannel> channels;
    private final Clock clock;

    /** For {@link java.util.ServiceLoader}. */
    public RemoteProviderFactory() {
        this(RemoteChannel::open, Clock.systemUTC());
    }

    /**
     * For tests: channels from {@code channels} (an in-process channel, say) instead of the
     * settings' target, and token lifetimes measured on {@code clock}.
     */
    RemoteProviderFactory(Function<RemoteSettings, RemoteChannel> channels, Clock clock) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    /** Every capability: what a given server offers is known only once it is asked. */
    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public KmsProvider create(ProviderConfig config) {
        RemoteSettings settings = RemoteSettings.resolve(config.forScheme(SCHEME));
        RemoteChannel channel = channels.apply(settings);
        TokenSource tokens = settings.clientId().isPresent()
                ? new TokenSource(channel.channel(), settings.clientId().get(), settings.clientSecret().get(),
                        settings.timeout(), clock)
                : null;
        return new RemoteKmsProvider(channel, tokens, settings.timeout(), settings.toString());
    }

    @Override
    public String toString() {
        return "RemoteProviderFactory[" + SCHEME + "]";
    }
}
