package dev.chorus.signaling.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.room.Room;
import dev.chorus.signaling.room.RoomManager;
import dev.chorus.signaling.server.ServerCounters;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** REST API, health and the static web client. Never blocks: every answer is computed in memory. */
@ChannelHandler.Sharable
public final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final RoomManager rooms;
    private final StaticFiles files;
    private final ServerCounters counters;
    private final Supplier<ObjectNode> health;

    public HttpApiHandler(RoomManager rooms, StaticFiles files, ServerCounters counters, Supplier<ObjectNode> health) {
        this.rooms = rooms;
        this.files = files;
        this.counters = counters;
        this.health = health;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            counters.httpErrors.incrementAndGet();
            send(ctx, req, json(HttpResponseStatus.BAD_REQUEST, error("bad-request", "malformed HTTP request")));
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        HttpMethod method = req.method();
        FullHttpResponse res;
        if (path.equals("/health")) {
            res = method == HttpMethod.GET ? json(HttpResponseStatus.OK, health.get()) : notAllowed();
        } else if (path.equals("/api/rooms")) {
            if (method == HttpMethod.POST) {
                Room r = rooms.create();
                ObjectNode body = Messages.JSON.createObjectNode();
                body.put("roomId", r.id());
                body.put("mode", r.mode());
                res = json(HttpResponseStatus.CREATED, body);
                res.headers().set(HttpHeaderNames.LOCATION, "/api/rooms/" + r.id());
            } else if (method == HttpMethod.GET) {
                ObjectNode body = Messages.JSON.createObjectNode();
                var arr = body.putArray("rooms");
                rooms.rooms().forEach(r -> arr.add(r.describe()));
                res = json(HttpResponseStatus.OK, body);
            } else {
                res = notAllowed();
            }
        } else if (path.startsWith("/api/rooms/") && path.endsWith("/stats")) {
            Room r = rooms.get(path.substring("/api/rooms/".length(), path.length() - "/stats".length()));
            if (method != HttpMethod.GET) {
                res = notAllowed();
            } else if (r == null) {
                counters.roomNotFound.incrementAndGet();
                res = json(HttpResponseStatus.NOT_FOUND, error("room-not-found", "no such room"));
            } else {
                // gathered on the room and media threads; the event loop only writes the answer
                boolean keepAlive = HttpUtil.isKeepAlive(req);
                r.stats().whenComplete((body, err) -> send(ctx, keepAlive, false, err == null
                        ? json(HttpResponseStatus.OK, body)
                        : json(HttpResponseStatus.SERVICE_UNAVAILABLE, error("unavailable", "stats unavailable"))));
                return;
            }
        } else if (path.startsWith("/api/rooms/")) {
            Room r = rooms.get(path.substring("/api/rooms/".length()));
            if (method != HttpMethod.GET) {
                res = notAllowed();
            } else if (r == null) {
                counters.roomNotFound.incrementAndGet();
                res = json(HttpResponseStatus.NOT_FOUND, error("room-not-found", "no such room"));
            } else {
                res = json(HttpResponseStatus.OK, r.describe());
            }
        } else if (path.startsWith("/api/")) {
            counters.httpNotFound.incrementAndGet();
            res = json(HttpResponseStatus.NOT_FOUND, error("not-found", "no such endpoint"));
        } else if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            StaticFiles.File f = files.lookup(path);
            if (f == null) {
                counters.httpNotFound.incrementAndGet();
                res = text(HttpResponseStatus.NOT_FOUND, "not found");
            } else {
                res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(f.content()));
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, f.contentType());
                res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            }
        } else {
            res = notAllowed();
        }
        send(ctx, req, res);
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode n = Messages.JSON.createObjectNode();
        n.put("error", code);
        n.put("message", message);
        return n;
    }

    private static FullHttpResponse notAllowed() {
        return json(HttpResponseStatus.METHOD_NOT_ALLOWED, error("method-not-allowed", "method not allowed"));
    }

    private static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return res;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return res;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
        send(ctx, HttpUtil.isKeepAlive(req), req.method() == HttpMethod.HEAD, res);
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, boolean head, FullHttpResponse res) {
        if (head) {
            res.content().clear();
        }
        HttpUtil.setContentLength(res, res.content().readableBytes());
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
