package dev.chorus.signaling.http;

import static dev.chorus.signaling.http.HttpResponses.error;
import static dev.chorus.signaling.http.HttpResponses.json;
import static dev.chorus.signaling.http.HttpResponses.notAllowed;
import static dev.chorus.signaling.http.HttpResponses.send;
import static dev.chorus.signaling.http.HttpResponses.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.admin.AdminAuth;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.room.Room;
import dev.chorus.signaling.room.RoomManager;
import dev.chorus.signaling.room.RoomMode;
import dev.chorus.signaling.server.ServerCounters;
import dev.chorus.signaling.whip.WhipHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.function.Supplier;

/**
 * REST API, health and the static web client. Never blocks: answers are computed in memory, or
 * (room stats, mode switches) written when the room thread completes them.
 */
@ChannelHandler.Sharable
public final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final RoomManager rooms;
    private final StaticFiles files;
    private final ServerCounters counters;
    private final Supplier<ObjectNode> health;
    private final AdminAuth adminAuth;
    private final AdminApi admin;
    /** WHIP/WHEP endpoints, or null (then /whip and /whep are static paths like any other). */
    private final WhipHandler whip;

    /** Without an admin token: the admin API answers 403. */
    public HttpApiHandler(RoomManager rooms, StaticFiles files, ServerCounters counters, Supplier<ObjectNode> health) {
        this(rooms, files, counters, health, null);
    }

    /** @param adminToken bearer token of /api/admin (null or blank: admin API disabled) */
    public HttpApiHandler(RoomManager rooms, StaticFiles files, ServerCounters counters, Supplier<ObjectNode> health,
                          String adminToken) {
        this(rooms, files, counters, health, adminToken, null);
    }

    /** @param whip the WHIP/WHEP endpoints (null: none) */
    public HttpApiHandler(RoomManager rooms, StaticFiles files, ServerCounters counters, Supplier<ObjectNode> health,
                          String adminToken, WhipHandler whip) {
        this.whip = whip;
        this.rooms = rooms;
        this.files = files;
        this.counters = counters;
        this.health = health;
        this.adminAuth = new AdminAuth(adminToken);
        this.admin = new AdminApi(rooms, adminAuth);
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
        try {
            if (path.equals("/health")) {
                res = method == HttpMethod.GET ? json(HttpResponseStatus.OK, health()) : notAllowed();
            } else if (path.equals("/api/rooms")) {
                res = rooms(req);
            } else if (path.startsWith("/api/rooms/") && path.endsWith("/stats")) {
                Room r = rooms.get(path.substring("/api/rooms/".length(), path.length() - "/stats".length()));
                if (method != HttpMethod.GET) {
                    throw ApiException.notAllowed();
                }
                if (r == null) {
                    throw ApiException.roomNotFound();
                }
                // gathered on the room and media threads; the event loop only writes the answer
                boolean keepAlive = HttpUtil.isKeepAlive(req);
                r.stats().whenComplete((body, err) -> send(ctx, keepAlive, false, err == null
                        ? json(HttpResponseStatus.OK, body)
                        : json(HttpResponseStatus.SERVICE_UNAVAILABLE, error("unavailable", "stats unavailable"))));
                return;
            } else if (path.startsWith("/api/rooms/")) {
                Room r = rooms.get(path.substring("/api/rooms/".length()));
                if (method != HttpMethod.GET) {
                    throw ApiException.notAllowed();
                }
                if (r == null) {
                    throw ApiException.roomNotFound();
                }
                res = json(HttpResponseStatus.OK, r.describe());
            } else if (whip != null && WhipHandler.handles(path)) {
                whip.handle(ctx, req, path); // answers itself, from the room thread where it works there
                return;
            } else if (AdminApi.handles(path)) {
                admin(ctx, req, path);
                return;
            } else if (path.startsWith("/api/")) {
                throw new ApiException(HttpResponseStatus.NOT_FOUND, "not-found", "no such endpoint");
            } else if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
                res = staticFile(path);
            } else {
                res = notAllowed();
            }
        } catch (ApiException e) {
            count(e);
            res = error(e);
        }
        send(ctx, req, res);
    }

    /** POST creates a room (optional body {"mode": "sfu"|"mcu"}), GET lists them. */
    private FullHttpResponse rooms(FullHttpRequest req) throws ApiException {
        if (req.method() == HttpMethod.POST) {
            RoomMode mode = JsonBody.mode(JsonBody.read(req), RoomMode.SFU);
            Room r = rooms.create(mode);
            ObjectNode body = Messages.JSON.createObjectNode();
            body.put("roomId", r.id());
            body.put("mode", r.mode().json());
            FullHttpResponse res = json(HttpResponseStatus.CREATED, body);
            res.headers().set(HttpHeaderNames.LOCATION, "/api/rooms/" + r.id());
            return res;
        }
        if (req.method() == HttpMethod.GET) {
            ObjectNode body = Messages.JSON.createObjectNode();
            var arr = body.putArray("rooms");
            rooms.rooms().forEach(r -> arr.add(r.describe()));
            return json(HttpResponseStatus.OK, body);
        }
        throw ApiException.notAllowed();
    }

    /** The admin API; a mode switch is answered when the room thread has applied it. */
    private void admin(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        try {
            admin.handle(req, path).whenComplete((body, err) -> {
                FullHttpResponse res = err == null ? json(HttpResponseStatus.OK, body)
                        : json(HttpResponseStatus.SERVICE_UNAVAILABLE, error("unavailable",
                                "the room did not complete the switch (closed or busy); check its mode"));
                if (err != null) {
                    counters.httpErrors.incrementAndGet();
                }
                res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
                send(ctx, keepAlive, false, res);
            });
        } catch (ApiException e) {
            count(e);
            FullHttpResponse res = error(e);
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            send(ctx, req, res);
        }
    }

    private FullHttpResponse staticFile(String path) {
        StaticFiles.File f = files.lookup(path);
        if (f == null) {
            counters.httpNotFound.incrementAndGet();
            return text(HttpResponseStatus.NOT_FOUND, "not found");
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(f.content()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, f.contentType());
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return res;
    }

    /** Every refused request lands in one of the /health counters. */
    private void count(ApiException e) {
        switch (e.code) {
            case "unauthorized" -> adminAuth.unauthorized.incrementAndGet();
            case "forbidden" -> adminAuth.forbidden.incrementAndGet();
            case "not-found" -> counters.httpNotFound.incrementAndGet();
            case "method-not-allowed" -> counters.httpErrors.incrementAndGet();
            case "body-too-large" -> counters.countError("frame-too-large");
            default -> counters.countError(e.code); // bad-json, room-not-found, else badRequest
        }
    }

    /** The server's health plus the admin API's refusals (brute-force attempts show up here). */
    private ObjectNode health() {
        ObjectNode h = health.get();
        ObjectNode rejected = h.get("rejected") instanceof ObjectNode o ? o : h.putObject("rejected");
        rejected.put("adminUnauthorized", adminAuth.unauthorized.get());
        rejected.put("adminForbidden", adminAuth.forbidden.get());
        return h;
    }
}
