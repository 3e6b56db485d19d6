package dev.kms4j.server.http.internal;

import dev.kms4j.Caller;
import dev.kms4j.CallerContext;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.server.http.HttpAuthenticator;
import dev.kms4j.server.http.HttpRequestMetadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the endpoints for one connection: takes each aggregated request off the event loop (the
 * endpoints may block on the KMS and the DEK store), authenticates it, runs it inside
 * {@link CallerContext} with the authenticated caller, and writes the answer back.
 *
 * <p>Requests of one connection are answered one at a time, in order (HTTP/1.1 pipelining needs
 * answers in request order); at most {@value #MAX_QUEUED} may wait behind the running one before
 * the connection is closed. The request body is copied once into an array that is zeroed after
 * the endpoint ran; the Netty buffer is zeroed before it is released; the answer's array is zeroed
 * once written. Nothing from a body is logged.
 *
 * <p>One instance per channel; its state is confined to the channel's event loop.
 */
public final class Seed002ChannelHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(Seed002ChannelHandler.class);
    private static final int MAX_QUEUED = 16;

    private final Seed002Endpoints endpoints;
    private final HttpAuthenticator authenticator;
    private final RequestGate gate;
    private final Executor workers;
    private final HttpRequestMetadata.Transport transport;
    private final ArrayDeque<Work> queued = new ArrayDeque<>();
    private boolean running;
    private Integer peerUid;
    private Integer peerPid;

    /** A handler for one connection; {@code authenticator} may be null (no authentication). */
    public Seed002ChannelHandler(Seed002Endpoints endpoints, HttpAuthenticator authenticator, RequestGate gate,
                                 Executor workers, HttpRequestMetadata.Transport transport) {
        super(true);
        this.endpoints = endpoints;
        this.authenticator = authenticator;
        this.gate = gate;
        this.workers = workers;
        this.transport = transport;
    }

    /**
     * One request in this connection's queue: either admitted (the worker runs it and must zero
     * {@code body}) or already answered (refused before admission), kept in line so that answers
     * leave in request order.
     */
    private static final class Work {
        final String method;
        final String uri;
        final byte[] body;
        final boolean keepAlive;
        final HttpRequestMetadata metadata;
        final EndpointResponse refusal;

        Work(String method, String uri, byte[] body, boolean keepAlive, HttpRequestMetadata metadata,
             EndpointResponse refusal) {
            this.method = method;
            this.uri = uri;
            this.body = body;
            this.keepAlive = keepAlive;
            this.metadata = metadata;
            this.refusal = refusal;
        }

        static Work refused(EndpointResponse refusal, boolean keepAlive) {
            return new Work(null, null, new byte[0], keepAlive, null, refusal);
        }

        boolean admitted() {
            return refusal == null;
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        if (channel instanceof EpollDomainSocketChannel) {
            try {
                PeerCredentials credentials = ((EpollDomainSocketChannel) channel).peerCredentials();
                peerUid = credentials.uid();
                peerPid = credentials.pid();
            } catch (IOException e) {
                LOG.debug("no peer credentials on the Unix socket: {}", e.toString());
            }
        }
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        ByteBuf content = request.content();
        try {
            enqueue(ctx, accept(ctx, request));
        } catch (RuntimeException e) {
            LOG.warn("could not accept an HTTP request", e);
            enqueue(ctx, Work.refused(ErrorResponses.internal(), false));
        } finally {
            // The body may be base64 plaintext: wipe Netty's (possibly pooled) copy before release.
            if (!content.isReadOnly()) {
                content.setZero(0, content.capacity());
            }
        }
    }

    private Work accept(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return Work.refused(ErrorResponses.of(KmsErrorCode.INVALID_ARGUMENT, "malformed HTTP request"), false);
        }
        switch (gate.tryAdmit()) {
            case DRAINING:
                return Work.refused(ErrorResponses.of(KmsErrorCode.UNAVAILABLE, "the server is shutting down"), false);
            case BUSY:
                return Work.refused(ErrorResponses.of(KmsErrorCode.THROTTLED, "too many requests in flight; retry later"),
                        HttpUtil.isKeepAlive(request));
            default:
                break;
        }
        try {
            String method = request.method().name();
            String uri = request.uri();
            HttpRequestMetadata metadata = new HttpRequestMetadata(method, Seed002Endpoints.pathOf(uri),
                    request.headers(), transport, ctx.channel().remoteAddress(), peerUid, peerPid, tlsSession(ctx));
            return new Work(method, uri, ByteBufUtil.getBytes(request.content()), HttpUtil.isKeepAlive(request), metadata, null);
        } catch (RuntimeException e) {
            gate.release(); // admitted but never queued: give the slot back
            throw e;
        }
    }

    /** The connection's TLS session (a request is only read after the handshake), or null without TLS. */
    private static javax.net.ssl.SSLSession tlsSession(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        return ssl == null ? null : ssl.engine().getSession();
    }

    private void enqueue(ChannelHandlerContext ctx, Work work) {
        if (queued.size() >= MAX_QUEUED) {
            discard(work);
            LOG.debug("closing a connection that pipelined more than {} requests", MAX_QUEUED);
            ctx.close();
            return;
        }
        queued.add(work);
        runNext(ctx);
    }

    private void runNext(ChannelHandlerContext ctx) {
        if (running || queued.isEmpty()) {
            return;
        }
        Work work = queued.poll();
        running = true;
        if (!work.admitted()) {
            finish(ctx, work, work.refusal);
            return;
        }
        try {
            workers.execute(() -> {
                EndpointResponse answer = process(work);
                ctx.executor().execute(() -> finish(ctx, work, answer));
            });
        } catch (RejectedExecutionException e) {
            Arrays.fill(work.body, (byte) 0);
            finish(ctx, work, ErrorResponses.of(KmsErrorCode.UNAVAILABLE, "the server is shutting down"));
        }
    }

    private EndpointResponse process(Work work) {
        try {
            Caller caller = null;
            if (authenticator != null) {
                caller = authenticator.authenticate(work.metadata);
                if (caller == null) {
                    throw new KmsException(KmsErrorCode.UNAUTHENTICATED, "the request is not authenticated");
                }
            }
            if (caller == null) {
                return endpoints.handle(work.method, work.uri, work.body);
            }
            try (CallerContext.Scope scope = CallerContext.open(caller)) {
                return endpoints.handle(work.method, work.uri, work.body);
            }
        } catch (KmsException e) {
            LOG.debug("{} {} refused by the authenticator: {}", work.method, work.metadata.path(), e.code());
            return ErrorResponses.of(e);
        } catch (RuntimeException e) {
            LOG.warn("{} {}: the authenticator failed", work.method, work.metadata.path(), e);
            return ErrorResponses.internal();
        } finally {
            Arrays.fill(work.body, (byte) 0);
        }
    }

    private void finish(ChannelHandlerContext ctx, Work work, EndpointResponse answer) {
        running = false;
        write(ctx, answer, work.keepAlive && !gate.isDraining(), work.admitted());
        if (work.keepAlive) {
            runNext(ctx);
        } else {
            // The connection closes after this answer: what is still queued will never run.
            Work rest;
            while ((rest = queued.poll()) != null) {
                discard(rest);
            }
        }
    }

    /** Writes {@code answer}, zeroes its body once written and, if {@code admitted}, releases the gate. */
    private void write(ChannelHandlerContext ctx, EndpointResponse answer, boolean keepAlive, boolean admitted) {
        byte[] body = answer.body();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        answer.retryAfter().ifPresent(d -> response.headers().set(HttpHeaderNames.RETRY_AFTER,
                Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
        if (answer.allow() != null) {
            response.headers().set(HttpHeaderNames.ALLOW, answer.allow());
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) future -> {
            Arrays.fill(body, (byte) 0);
            if (admitted) {
                gate.release();
            }
            if (!keepAlive || !future.isSuccess()) {
                future.channel().close();
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Queued requests that will never run: wipe their bodies and give their admission back.
        Work work;
        while ((work = queued.poll()) != null) {
            discard(work);
        }
        super.channelInactive(ctx);
    }

    /** Drops a request that will not run: wipes its body and gives its admission back. */
    private void discard(Work work) {
        Arrays.fill(work.body, (byte) 0);
        if (work.admitted()) {
            gate.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Usually a reset connection or a failed TLS handshake; the message holds no request data.
        LOG.debug("closing an HTTP connection after {}", cause.toString());
        ctx.close();
    }
}
