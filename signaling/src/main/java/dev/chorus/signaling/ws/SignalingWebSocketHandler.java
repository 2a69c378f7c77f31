package dev.chorus.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.server.ServerCounters;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: parses each frame into a JSON object on the event loop and dispatches it by
 * {@code type} to the server's {@link SignalingRequests}; malformed frames get an error and are counted,
 * the connection stays open.
 */
public final class SignalingWebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingWebSocketHandler.class);

    private final SignalingRequests requests;
    private final ServerCounters counters;
    private final int maxFrameBytes;
    private Connection connection;

    public SignalingWebSocketHandler(SignalingRequests requests, ServerCounters counters, int maxFrameBytes) {
        this.requests = requests;
        this.counters = counters;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connection = new Connection(ctx.channel(), counters);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        Connection c = connection;
        if (!(frame instanceof TextWebSocketFrame text)) {
            c.error("bad-json", "only text frames carrying JSON are accepted", null);
            return;
        }
        if (text.content().readableBytes() > maxFrameBytes) {
            c.error("frame-too-large", "frames are limited to " + maxFrameBytes + " bytes", null);
            return;
        }
        JsonNode msg;
        try {
            msg = Messages.JSON.readTree(text.content().toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            c.error("bad-json", "the frame is not valid JSON", null);
            return;
        }
        if (msg == null || !msg.isObject()) {
            c.error("bad-json", "the frame is not a JSON object", null);
            return;
        }
        String type = msg.path("type").asText(null);
        if (type == null) {
            c.error("unknown-type", "missing 'type'", null);
            return;
        }
        RequestHandler h = requests.handler(type);
        if (h == null) {
            c.error("unknown-type", "unknown message type '" + Connection.truncate(type) + "'", null);
            return;
        }
        h.handle(c, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        requests.closed(connection);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("websocket error: {}", cause.toString());
        counters.badRequest.incrementAndGet();
        ctx.close();
    }
}
