package dev.chorus.signaling.server;

import dev.chorus.signaling.http.HttpApiHandler;
import dev.chorus.signaling.ws.SignalingRequests;
import dev.chorus.signaling.ws.SignalingWebSocketHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;

/** HTTP(S) + WebSocket pipeline: one per accepted connection. */
final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Frames above the configured limit still get a polite error, up to this many times the limit. */
    private static final int HARD_LIMIT_FACTOR = 16;

    private final SslContext ssl;
    private final HttpApiHandler api;
    private final SignalingRequests requests;
    private final ServerCounters counters;
    private final int maxFrameBytes;

    HttpChannelInitializer(SslContext ssl, HttpApiHandler api, SignalingRequests requests, ServerCounters counters,
                           int maxFrameBytes) {
        this.ssl = ssl;
        this.api = api;
        this.requests = requests;
        this.counters = counters;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            p.addLast(ssl.newHandler(ch.alloc()));
        }
        int hardLimit = maxFrameBytes * HARD_LIMIT_FACTOR;
        p.addLast(new HttpServerCodec());
        p.addLast(new HttpObjectAggregator(64 * 1024));
        p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws")
                .checkStartsWith(false)
                .decoderConfig(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(hardLimit).build())
                .build()));
        p.addLast(new WebSocketFrameAggregator(hardLimit));
        p.addLast(new SignalingWebSocketHandler(requests, counters, maxFrameBytes));
        p.addLast(api);
    }
}
