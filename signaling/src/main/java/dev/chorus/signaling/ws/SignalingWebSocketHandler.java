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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection = at most one participant. Parses and validates on the event loop,
 * then hands room work to the room's own thread; replies are written asynchronously.
 */
public final class SignalingWebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingWebSocketHandler.class);
    private static final int MAX_NAME = 64;

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
        p.room().execute(() -> {
            if (p.hasLeft()) {
                return;
            }
            try {
                p.room().onOffer(p, sdp);
            } catch (SignalingError e) {
                error(ch, e.code(), e.getMessage(), "offer");
            } catch (RuntimeException e) {
                LOG.error("offer from {} failed", p.id(), e);
                error(ch, "internal", "the offer could not be processed", "offer");
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
