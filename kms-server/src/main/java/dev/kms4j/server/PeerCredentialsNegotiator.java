package dev.kms4j.server;

import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the peer's credentials (SO_PEERCRED) on each accepted Unix-socket connection before any
 * gRPC byte is read: a peer whose uid is not allowed is disconnected. Otherwise the connection goes
 * on as plaintext HTTP/2 (the socket file's permissions and this check are the transport security;
 * there is no TLS on the Unix socket).
 *
 * <p>grpc-java has no public hook for a per-connection check on the server, so this uses its
 * {@code Internal*} protocol-negotiator API (stable in practice, but not covered by grpc-java's API
 * guarantees): an upgrade of grpc-java may need this class adjusted. The check is on the uid only;
 * gids and pid are logged at DEBUG.
 *
 * <p>Thread-safe.
 */
final class PeerCredentialsNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
    private static final Logger LOG = LoggerFactory.getLogger(PeerCredentialsNegotiator.class);

    private final InternalProtocolNegotiator.ProtocolNegotiator plaintext = InternalProtocolNegotiators.serverPlaintext();
    private final Set<Integer> allowedUids;

    PeerCredentialsNegotiator(Set<Integer> allowedUids) {
        this.allowedUids = Set.copyOf(allowedUids);
    }

    @Override
    public AsciiString scheme() {
        return plaintext.scheme();
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        ChannelHandler next = plaintext.newHandler(grpcHandler);
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                if (!allowed(ctx.channel())) {
                    ctx.close();
                    return;
                }
                ctx.pipeline().replace(this, null, next);
            }
        };
    }

    private boolean allowed(Channel channel) {
        if (!(channel instanceof EpollDomainSocketChannel)) {
            LOG.warn("unix socket connection refused: reason=peer credentials unavailable");
            return false;
        }
        PeerCredentials peer;
        try {
            peer = ((EpollDomainSocketChannel) channel).peerCredentials();
        } catch (IOException e) {
            LOG.warn("unix socket connection refused: reason=peer credentials unreadable");
            return false;
        }
        if (!allowedUids.contains(peer.uid())) {
            LOG.warn("unix socket connection refused: uid={} pid={}", peer.uid(), peer.pid());
            return false;
        }
        LOG.debug("unix socket connection accepted: uid={} pid={}", peer.uid(), peer.pid());
        return true;
    }

    @Override
    public void close() {
        plaintext.close();
    }
}
