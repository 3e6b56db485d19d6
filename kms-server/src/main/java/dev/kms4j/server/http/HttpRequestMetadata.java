package dev.kms4j.server.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import javax.net.ssl.SSLSession;

/**
 * What an {@link HttpAuthenticator} may look at: the request line's method and path, the headers
 * (read-only copy), the transport, the peer address, on a Unix socket the peer's user and
 * process id (SO_PEERCRED) where the platform gives them, and over TLS the session (with the client
 * certificate the handshake verified, for mutual TLS). Never the body.
 *
 * <p>Immutable and thread-safe. The headers may hold credentials (an {@code Authorization}
 * header): {@link #toString()} leaves them out, and so must whoever logs this.
 */
public final class HttpRequestMetadata {
    /** How the request arrived. */
    public enum Transport {
        /** Plain TCP. */
        TCP,
        /** TCP with TLS (the server was given an SSL context). */
        TLS,
        /** The Unix domain socket. */
        UNIX
    }

    private final String method;
    private final String path;
    private final HttpHeaders headers;
    private final Transport transport;
    private final SocketAddress remoteAddress;
    private final Integer peerUid;
    private final Integer peerPid;
    private final SSLSession tlsSession;

    /**
     * Creates the metadata; {@code peerUid} and {@code peerPid} are {@code null} when unknown
     * (always on TCP). Used by the server; public so that authenticators can be unit-tested.
     */
    public HttpRequestMetadata(String method, String path, HttpHeaders headers, Transport transport,
                               SocketAddress remoteAddress, Integer peerUid, Integer peerPid) {
        this(method, path, headers, transport, remoteAddress, peerUid, peerPid, null);
    }

    /**
     * Creates the metadata with the TLS session of the connection ({@code null} unless the
     * transport is {@link Transport#TLS}). Used by the server; public for authenticator tests.
     */
    public HttpRequestMetadata(String method, String path, HttpHeaders headers, Transport transport,
                               SocketAddress remoteAddress, Integer peerUid, Integer peerPid, SSLSession tlsSession) {
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.headers = readOnlyCopy(Objects.requireNonNull(headers, "headers"));
        this.transport = Objects.requireNonNull(transport, "transport");
        this.remoteAddress = remoteAddress;
        this.peerUid = peerUid;
        this.peerPid = peerPid;
        this.tlsSession = tlsSession;
    }

    private static HttpHeaders readOnlyCopy(HttpHeaders headers) {
        CharSequence[] pairs = new CharSequence[headers.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : headers) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return new ReadOnlyHttpHeaders(false, pairs);
    }

    /** The request method, for example {@code POST}. */
    public String method() {
        return method;
    }

    /** The request path without the query, for example {@code /encrypt}. */
    public String path() {
        return path;
    }

    /** The request headers (read-only); may hold credentials. */
    public HttpHeaders headers() {
        return headers;
    }

    /** The transport the request came over. */
    public Transport transport() {
        return transport;
    }

    /** The peer's address, if known (an {@code InetSocketAddress} on TCP). */
    public Optional<SocketAddress> remoteAddress() {
        return Optional.ofNullable(remoteAddress);
    }

    /** The peer process's user id on the Unix socket (SO_PEERCRED), if known. */
    public OptionalInt peerUid() {
        return peerUid == null ? OptionalInt.empty() : OptionalInt.of(peerUid);
    }

    /** The peer process's id on the Unix socket (SO_PEERCRED), if known. */
    public OptionalInt peerPid() {
        return peerPid == null ? OptionalInt.empty() : OptionalInt.of(peerPid);
    }

    /**
     * The TLS session of the connection, if the request came over TLS; its peer certificates (if
     * any) are the ones the handshake verified against the server's client CA.
     */
    public Optional<SSLSession> tlsSession() {
        return Optional.ofNullable(tlsSession);
    }

    @Override
    public String toString() {
        return "HttpRequestMetadata[" + method + " " + path + " via " + transport
                + (peerUid == null ? "" : ", peer uid " + peerUid) + "]";
    }
}
