package dev.chorus.signaling.whip;

import dev.chorus.signaling.config.IceServersConfig;
import dev.chorus.signaling.ice.ClientIceServers;
import static dev.chorus.signaling.whip.WhipResponses.SDP;
import static dev.chorus.signaling.whip.WhipResponses.SDPFRAG;

import dev.chorus.signaling.protocol.SignalingError;
import dev.chorus.signaling.room.HttpParticipants;
import dev.chorus.signaling.room.Participant;
import dev.chorus.signaling.room.Room;
import dev.chorus.signaling.room.RoomManager;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WHIP (RFC 9725) and WHEP endpoints: {@code POST /whip/{room}}, {@code POST /whep/{room}[/{participant}]}
 * create a session (201, Location, ETag, the answer); {@code PATCH} on the session trickles candidates or
 * restarts ICE; {@code DELETE} ends it; {@code OPTIONS} answers CORS preflight. With STUN/TURN servers
 * configured, OPTIONS and 201 list them as {@code Link: rel="ice-server"} (RFC 9725 §4.6). Validation on the event
 * loop, the room work on the room thread, the answer written when it completes.
 */
public final class WhipHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WhipHandler.class);
    /** Browser offers with simulcast are under 10 KiB. */
    static final int MAX_BODY = 32 * 1024;
    static final int MAX_NAME = 64;

    private final RoomManager rooms;
    private final WhipSessions sessions;
    private final ClientIceServers iceServers;
    private volatile byte[] token;

    private final AtomicLong refused;

    /**
     * @param token bearer token required on POST/PATCH/DELETE, or null for none
     * @param refused counts every request answered with an error status (4xx, 5xx)
     */
    public WhipHandler(RoomManager rooms, WhipSessions sessions, String token, AtomicLong refused) {
        this(rooms, sessions, token, refused, new ClientIceServers(IceServersConfig.NONE));
    }

    /** @param iceServers STUN/TURN servers listed in {@code Link: rel="ice-server"} headers (RFC 9725 §4.6) */
    public WhipHandler(RoomManager rooms, WhipSessions sessions, String token, AtomicLong refused,
                       ClientIceServers iceServers) {
        this.iceServers = iceServers;
        this.rooms = rooms;
        this.sessions = sessions;
        this.refused = refused;
        setToken(token);
    }

    /** Every WHIP/WHEP answer goes out here: refusals are counted (GET /health, rejected.whip). */
    private void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
        if (res.status().code() >= 400) {
            refused.incrementAndGet();
        }
        WhipResponses.send(ctx, keepAlive, res);
    }

    /** The bearer token POST/PATCH/DELETE need (null or blank: none); tests set one. */
    public void setToken(String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    public static boolean handles(String path) {
        return path.startsWith(Kind.WHIP.prefix) || path.startsWith(Kind.WHEP.prefix);
    }

    public void handle(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        Kind kind = path.startsWith(Kind.WHIP.prefix) ? Kind.WHIP : Kind.WHEP;
        String[] parts = path.substring(kind.prefix.length()).split("/", -1);
        try {
            if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
                throw new WhipException(HttpResponseStatus.NOT_FOUND, "no such resource");
            }
            boolean resource = parts.length == 2;
            HttpMethod m = req.method();
            if (m == HttpMethod.OPTIONS) {
                send(ctx, keepAlive, preflight(resource, kind));
                return;
            }
            if (m == HttpMethod.POST && (!resource || kind == Kind.WHEP)) {
                authorize(req);
                create(ctx, keepAlive, req, kind, parts[0], resource ? parts[1] : null);
            } else if (resource && (m == HttpMethod.PATCH || m == HttpMethod.DELETE)) {
                authorize(req);
                WhipSession s = sessions.get(parts[1]);
                if (s == null || s.kind != kind || !s.room.id().equals(parts[0])) {
                    throw new WhipException(HttpResponseStatus.NOT_FOUND, "no such session");
                }
                if (m == HttpMethod.DELETE) {
                    if (sessions.remove(s)) {
                        WhipSessions.end(s);
                    }
                    send(ctx, keepAlive, WhipResponses.empty(HttpResponseStatus.OK));
                } else {
                    patch(ctx, keepAlive, req, s);
                }
            } else {
                FullHttpResponse res = WhipResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
                res.headers().set(HttpHeaderNames.ALLOW, allowed(resource, kind));
                send(ctx, keepAlive, res);
            }
        } catch (WhipException e) {
            send(ctx, keepAlive, WhipResponses.error(e));
        }
    }

    private static String allowed(boolean resource, Kind kind) {
        if (!resource) {
            return "OPTIONS, POST";
        }
        return kind == Kind.WHEP ? "OPTIONS, POST, PATCH, DELETE" : "OPTIONS, PATCH, DELETE";
    }

    private FullHttpResponse preflight(boolean resource, Kind kind) {
        FullHttpResponse res = WhipResponses.empty(HttpResponseStatus.NO_CONTENT);
        String methods = allowed(resource, kind);
        res.headers().set(HttpHeaderNames.ALLOW, methods);
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, methods);
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                "Authorization, Content-Type, If-Match, X-Chorus-Name");
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
        if (!resource || kind == Kind.WHEP) {
            res.headers().set("Accept-Post", SDP);
        }
        res.headers().set("Accept-Patch", SDPFRAG);
        addIceServers(res, "preflight");
        return res;
    }

    /** One {@code Link: rel="ice-server"} per configured STUN/TURN URL, with fresh credentials. */
    private void addIceServers(FullHttpResponse res, String label) {
        if (!iceServers.isEmpty()) {
            res.headers().add("Link", ClientIceServers.toLinkHeaders(iceServers.issue(label)));
        }
    }

    private void authorize(FullHttpRequest req) throws WhipException {
        byte[] token = this.token;
        if (token == null) {
            return;
        }
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new WhipException(HttpResponseStatus.UNAUTHORIZED, "a bearer token is required");
        }
        if (!MessageDigest.isEqual(token, h.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
            throw new WhipException(HttpResponseStatus.FORBIDDEN, "wrong token");
        }
    }

    private static String body(FullHttpRequest req, String contentType) throws WhipException {
        String ct = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        String base = ct == null ? "" : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!base.equals(contentType)) {
            throw new WhipException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be " + contentType);
        }
        if (req.content().readableBytes() > MAX_BODY) {
            throw new WhipException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "bodies are limited to " + MAX_BODY + " bytes");
        }
        return req.content().toString(StandardCharsets.UTF_8);
    }

    private static String name(FullHttpRequest req, Kind kind) {
        List<String> q = new QueryStringDecoder(req.uri()).parameters().get("name");
        String n = q != null && !q.isEmpty() ? q.get(0) : req.headers().get("X-Chorus-Name");
        n = n == null ? "" : n.strip();
        if (n.isEmpty()) {
            return kind.defaultName;
        }
        return n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n;
    }

    private void create(ChannelHandlerContext ctx, boolean keepAlive, FullHttpRequest req, Kind kind, String roomId,
                        String source) throws WhipException {
        String sdp = body(req, SDP);
        Room room = rooms.get(roomId);
        if (room == null) {
            throw new WhipException(HttpResponseStatus.NOT_FOUND, "no such room");
        }
        OfferChecks.check(sdp, kind);
        String name = name(req, kind);
        try {
            room.execute(() -> send(ctx, keepAlive, createOnRoom(room, kind, name, sdp, source)));
        } catch (RejectedExecutionException e) {
            throw new WhipException(HttpResponseStatus.NOT_FOUND, "no such room");
        }
    }

    /** Room thread. */
    private FullHttpResponse createOnRoom(Room room, Kind kind, String name, String sdp, String source) {
        if (source != null && !HttpParticipants.present(room, source)) {
            return WhipResponses.text(HttpResponseStatus.NOT_FOUND, "no such participant\n");
        }
        HttpParticipants.Created c;
        try {
            c = HttpParticipants.join(room, name, sdp, source, kind == Kind.WHEP);
        } catch (SignalingError e) {
            HttpResponseStatus st = "bad-sdp".equals(e.code()) ? HttpResponseStatus.BAD_REQUEST
                    : HttpResponseStatus.INTERNAL_SERVER_ERROR;
            return WhipResponses.text(st, e.getMessage() + "\n");
        } catch (RuntimeException e) {
            LOG.warn("room {}: {} session failed", room.id(), kind, e);
            return WhipResponses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the session could not be created\n");
        }
        Participant p = c.participant();
        if (kind == Kind.WHIP && !HttpParticipants.publishes(p)) {
            room.leave(p);
            return WhipResponses.text(HttpResponseStatus.NOT_ACCEPTABLE, "no track with a supported codec (Opus, VP8, H.264)\n");
        }
        WhipSession s = new WhipSession(kind, room, p);
        sessions.add(s);
        LOG.info("room {}: {} session {} for {} ({})", room.id(), kind, s.id, p.name(), p.id());
        FullHttpResponse res = WhipResponses.body(HttpResponseStatus.CREATED, SDP, c.answerSdp());
        res.headers().set(HttpHeaderNames.LOCATION, s.location());
        res.headers().set(HttpHeaderNames.ETAG, s.etag);
        res.headers().set("X-Chorus-Participant", p.id());
        addIceServers(res, s.id);
        return res;
    }

    private void patch(ChannelHandlerContext ctx, boolean keepAlive, FullHttpRequest req, WhipSession s)
            throws WhipException {
        String ifMatch = req.headers().get(HttpHeaderNames.IF_MATCH);
        String text = body(req, SDPFRAG);
        IceFragment frag = IceFragment.parse(text);
        if (ifMatch != null && !ifMatch.strip().equals("*") && !ifMatch.strip().equals(s.etag)) {
            throw new WhipException(HttpResponseStatus.PRECONDITION_FAILED, "the ETag does not match");
        }
        try {
            s.room.execute(() -> send(ctx, keepAlive, patchOnRoom(s, frag)));
        } catch (RejectedExecutionException e) {
            throw new WhipException(HttpResponseStatus.NOT_FOUND, "no such session");
        }
    }

    /** Room thread. */
    private static FullHttpResponse patchOnRoom(WhipSession s, IceFragment frag) {
        try {
            HttpParticipants.IceRestart r = HttpParticipants.iceFragment(s.participant, frag.ufrag(), frag.pwd(),
                    frag.candidates());
            if (r == null) {
                return WhipResponses.empty(HttpResponseStatus.NO_CONTENT);
            }
            s.etag = WhipSession.newEtag();
            FullHttpResponse res = WhipResponses.body(HttpResponseStatus.OK, SDPFRAG,
                    IceFragment.answer(r, HttpParticipants.firstMid(s.participant)));
            res.headers().set(HttpHeaderNames.ETAG, s.etag);
            return res;
        } catch (SignalingError e) {
            HttpResponseStatus st = "gone".equals(e.code()) ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.BAD_REQUEST;
            return WhipResponses.text(st, e.getMessage() + "\n");
        }
    }
}
