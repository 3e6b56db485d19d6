package dev.kms4j.testkit.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Starts the WireMock server that carries a fake: bound to {@code 127.0.0.1} only, one catch-all
 * stub answered by {@link FakeResponseTransformer}, no request journal (bodies carry plaintexts and
 * keys), WireMock's own messages silenced by {@link QuietNotifier}, HTTP/1.1 only.
 *
 * <p>Stateless and thread-safe.
 */
public final class FakeWireMock {
    /** The only address fakes listen on. */
    public static final String HOST = "127.0.0.1";

    private FakeWireMock() {
    }

    /** Serves {@code handler} over plain HTTP on {@code port} ({@code 0} picks a free port). */
    public static WireMockServer startHttp(int port, String name, Function<FakeHttpRequest, FakeHttpResponse> handler) {
        checkPort(port);
        WireMockConfiguration config = base(name, handler).port(port);
        return start(config, name);
    }

    /**
     * Serves {@code handler} over HTTPS only on {@code port} ({@code 0} picks a free port), with the
     * key and certificate in the PKCS#12 {@code keystore}.
     */
    public static WireMockServer startHttps(int port, Path keystore, String keystorePassword, String name,
            Function<FakeHttpRequest, FakeHttpResponse> handler) {
        checkPort(port);
        WireMockConfiguration config = base(name, handler)
                .httpDisabled(true)
                .httpsPort(port)
                .keystorePath(keystore.toString())
                .keystoreType("PKCS12")
                .keystorePassword(keystorePassword)
                .keyManagerPassword(keystorePassword);
        return start(config, name);
    }

    private static WireMockConfiguration base(String name, Function<FakeHttpRequest, FakeHttpResponse> handler) {
        return WireMockConfiguration.options()
                .bindAddress(HOST)
                .http2PlainDisabled(true)
                .http2TlsDisabled(true)
                .gzipDisabled(true)
                .disableRequestJournal()
                .notifier(new QuietNotifier())
                .extensions(new FakeResponseTransformer(name, handler));
    }

    private static WireMockServer start(WireMockConfiguration config, String name) {
        WireMockServer s = new WireMockServer(config);
        s.start();
        s.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(name)));
        return s;
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
