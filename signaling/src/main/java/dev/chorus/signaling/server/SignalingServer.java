package dev.chorus.signaling.server;

import dev.chorus.signaling.http.HttpApiHandler;
import dev.chorus.signaling.ws.SignalingRequests;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;

/** Netty listeners for HTTP and HTTPS (same pipeline, HTTPS adds TLS). */
public final class SignalingServer implements AutoCloseable {
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private Channel http;
    private Channel https;

    public void start(String bind, int httpPort, int httpsPort, SslContext ssl, HttpApiHandler api, SignalingRequests requests,
                      ServerCounters counters, int maxFrameBytes) throws InterruptedException {
        if (httpPort >= 0) {
            http = bootstrap(null, api, requests, counters, maxFrameBytes).bind(bind, httpPort).sync().channel();
        }
        if (httpsPort >= 0 && ssl != null) {
            https = bootstrap(ssl, api, requests, counters, maxFrameBytes).bind(bind, httpsPort).sync().channel();
        }
    }

    private ServerBootstrap bootstrap(SslContext ssl, HttpApiHandler api, SignalingRequests requests, ServerCounters counters,
                                      int maxFrameBytes) {
        return new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new HttpChannelInitializer(ssl, api, requests, counters, maxFrameBytes));
    }

    public int httpPort() {
        return http == null ? -1 : ((InetSocketAddress) http.localAddress()).getPort();
    }

    public int httpsPort() {
        return https == null ? -1 : ((InetSocketAddress) https.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (http != null) {
            http.close().syncUninterruptibly();
        }
        if (https != null) {
            https.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
