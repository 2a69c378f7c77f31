package dev.chorus.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.protocol.PeerChannel;
import dev.chorus.signaling.protocol.SignalingError;
import dev.chorus.signaling.room.Participant;
import dev.chorus.signaling.room.Room;
import dev.chorus.signaling.room.RoomManager;
import dev.chorus.signaling.server.ServerCounters;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection = at most one participant. Parses and validates on the event loop,
 * then hands room work to the room's own thread; replies are written asynchronously.
 */
public final class SignalingWebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingWebSocketHandler.class);
    private static final int MAX_NAME = 64;
    /** Browsers number mids ("0", "1", …); a longer one is not from a browser. */
    static final int MAX_MID = 32;
    static final int MAX_PARTICIPANT_ID = 64;
    /** Larger than any display (16K); also keeps the value an int. */
    static final int MAX_RENDER_SIDE = 16384;
    static final int MAX_SCREEN_MIDS = 16;

    private final RoomManager rooms;
    private final ServerCounters counters;
    private final int maxFrameBytes;
    private volatile Participant participant;
    private volatile boolean joining;

    public SignalingWebSocketHandler(RoomManager rooms, ServerCounters counters, int maxFrameBytes) {
        this.rooms = rooms;
        this.counters = counters;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        Channel ch = ctx.channel();
        if (!(frame instanceof TextWebSocketFrame text)) {
            error(ch, "bad-json", "only text frames carrying JSON are accepted", null);
            return;
        }
        if (text.content().readableBytes() > maxFrameBytes) {
            error(ch, "frame-too-large", "frames are limited to " + maxFrameBytes + " bytes", null);
            return;
        }
        JsonNode msg;
        try {
            msg = Messages.JSON.readTree(text.content().toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            error(ch, "bad-json", "the frame is not valid JSON", null);
            return;
        }
        if (msg == null || !msg.isObject()) {
            error(ch, "bad-json", "the frame is not a JSON object", null);
            return;
        }
        String type = msg.path("type").asText(null);
        if (type == null) {
            error(ch, "unknown-type", "missing 'type'", null);
            return;
        }
        switch (type) {
            case "join" -> join(ch, msg);
            case "offer" -> offer(ch, msg);
            case "candidate" -> candidate(ch, msg);
            case "leave" -> leave(ch, true);
            case "render-size" -> renderSize(ch, msg);
            case "pin" -> pin(ch, msg);
            case "ping" -> ch.writeAndFlush(new TextWebSocketFrame(Messages.of("pong").toString()));
            default -> error(ch, "unknown-type", "unknown message type '" + truncate(type) + "'", null);
        }
    }

    private void join(Channel ch, JsonNode msg) {
        if (participant != null || joining) {
            error(ch, "already-joined", "this connection is already in a room", "join");
            return;
        }
        String roomId = msg.path("roomId").asText(null);
        String name = msg.path("name").isTextual() ? msg.path("name").asText().strip() : "";
        if (roomId == null || !msg.path("roomId").isTextual()) {
            error(ch, "bad-request", "join needs a string 'roomId'", "join");
            return;
        }
        if (name.isEmpty() || name.length() > MAX_NAME) {
            error(ch, "bad-request", "join needs a 'name' of 1-" + MAX_NAME + " characters", "join");
            return;
        }
        Room room = rooms.get(roomId);
        if (room == null) {
            error(ch, "room-not-found", "no room with id '" + truncate(roomId) + "'", "join");
            return;
        }
        joining = true;
        PeerChannel out = m -> {
            if (ch.isActive()) {
                ch.writeAndFlush(new TextWebSocketFrame(m.toString()));
            }
        };
        room.execute(() -> {
            if (!ch.isActive()) {
                joining = false;
                return;
            }
            participant = room.join(name, out);
            joining = false;
            if (!ch.isActive()) {
                // closed between the check above and the join: channelInactive saw no participant
                leave(ch, false);
            }
        });
    }

    private void offer(Channel ch, JsonNode msg) {
        Participant p = participant;
        if (p == null) {
            error(ch, "not-joined", "join a room first", "offer");
            return;
        }
        String sdp = msg.path("sdp").asText(null);
        if (sdp == null || !msg.path("sdp").isTextual()) {
            error(ch, "bad-request", "offer needs a string 'sdp'", "offer");
            return;
        }
        Set<String> screen = screenMids(msg.get("screen"));
        if (screen == null) {
            error(ch, "bad-request", "'screen' must be an array of at most " + MAX_SCREEN_MIDS + " mids", "offer");
            return;
        }
        p.room().execute(() -> {
            if (p.hasLeft()) {
                return;
            }
            try {
                p.room().onOffer(p, sdp, screen);
            } catch (SignalingError e) {
                error(ch, e.code(), e.getMessage(), "offer");
            } catch (RuntimeException e) {
                LOG.error("offer from {} failed", p.id(), e);
                error(ch, "internal", "the offer could not be processed", "offer");
            }
        });
    }

    /** The offer's optional 'screen' list; null if malformed. */
    private static Set<String> screenMids(JsonNode screen) {
        if (screen == null || screen.isNull()) {
            return Set.of();
        }
        if (!screen.isArray() || screen.size() > MAX_SCREEN_MIDS) {
            return null;
        }
        Set<String> mids = new HashSet<>();
        for (JsonNode m : screen) {
            if (!isMid(m)) {
                return null;
            }
            mids.add(m.asText());
        }
        return mids;
    }

    private static boolean isMid(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isEmpty() && n.asText().length() <= MAX_MID;
    }

    /** A whole number in [0, MAX_RENDER_SIDE], else -1 (floats, strings, huge and negative numbers). */
    private static int renderSide(JsonNode n) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            return -1;
        }
        int v = n.intValue();
        return v >= 0 && v <= MAX_RENDER_SIDE ? v : -1;
    }

    private void renderSize(Channel ch, JsonNode msg) {
        Participant p = participant;
        if (p == null) {
            error(ch, "not-joined", "join a room first", "render-size");
            return;
        }
        JsonNode mid = msg.get("mid");
        int width = renderSide(msg.get("width"));
        int height = renderSide(msg.get("height"));
        if (!isMid(mid) || width < 0 || height < 0) {
            error(ch, "bad-request", "render-size needs a string 'mid' (1-" + MAX_MID + " characters) and whole 'width' and 'height' in 0-"
                    + MAX_RENDER_SIDE, "render-size");
            return;
        }
        inRoom(ch, p, "render-size", () -> p.room().onRenderSize(p, mid.asText(), width, height));
    }

    private void pin(Channel ch, JsonNode msg) {
        Participant p = participant;
        if (p == null) {
            error(ch, "not-joined", "join a room first", "pin");
            return;
        }
        JsonNode target = msg.get("participantId");
        boolean valid = target != null && (target.isNull()
                || (target.isTextual() && !target.asText().isEmpty() && target.asText().length() <= MAX_PARTICIPANT_ID));
        if (!valid) {
            error(ch, "bad-request", "pin needs 'participantId': a participant id, or null to unpin", "pin");
            return;
        }
        String id = target.isNull() ? null : target.asText();
        inRoom(ch, p, "pin", () -> p.room().onPin(p, id));
    }

    interface RoomRequest {
        void run() throws SignalingError;
    }

    /** Runs a validated request on the room's thread; its failure becomes an error reply. */
    private void inRoom(Channel ch, Participant p, String requestType, RoomRequest r) {
        p.room().execute(() -> {
            if (p.hasLeft()) {
                return;
            }
            try {
                r.run();
            } catch (SignalingError e) {
                error(ch, e.code(), e.getMessage(), requestType);
            } catch (RuntimeException e) {
                LOG.error("{} from {} failed", requestType, p.id(), e);
                error(ch, "internal", "the request could not be processed", requestType);
            }
        });
    }

    private void candidate(Channel ch, JsonNode msg) {
        Participant p = participant;
        if (p == null) {
            error(ch, "not-joined", "join a room first", "candidate");
            return;
        }
        JsonNode c = msg.get("candidate");
        if (c == null || c.isNull()) {
            return; // end of candidates: nothing to do for a controlled agent
        }
        String line = c.isTextual() ? c.asText() : c.path("candidate").asText(null);
        if (line == null) {
            error(ch, "bad-request", "candidate needs 'candidate.candidate'", "candidate");
            return;
        }
        if (line.isEmpty()) {
            return; // Firefox's end-of-candidates marker
        }
        p.room().execute(() -> {
            try {
                p.room().onCandidate(p, line);
            } catch (SignalingError e) {
                error(ch, e.code(), e.getMessage(), "candidate");
            }
        });
    }

    private void leave(Channel ch, boolean reply) {
        Participant p = participant;
        if (p == null) {
            if (reply) {
                error(ch, "not-joined", "not in a room", "leave");
            }
            return;
        }
        participant = null;
        p.room().execute(() -> {
            p.room().leave(p);
            if (reply && ch.isActive()) {
                ch.writeAndFlush(new TextWebSocketFrame(Messages.of("left").toString()));
            }
        });
    }

    private void error(Channel ch, String code, String message, String requestType) {
        counters.countError(code);
        ObjectNode e = Messages.error(code, message, requestType);
        if (ch.isActive()) {
            ch.writeAndFlush(new TextWebSocketFrame(e.toString()));
        }
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        leave(ctx.channel(), false);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("websocket error: {}", cause.toString());
        counters.badRequest.incrementAndGet();
        ctx.close();
    }
}
