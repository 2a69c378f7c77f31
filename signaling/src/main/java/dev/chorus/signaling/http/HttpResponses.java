package dev.chorus.signaling.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.protocol.Messages;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Building and writing the HTTP answers of the API (JSON bodies, errors as {@code {error, message}}). */
public final class HttpResponses {
    private HttpResponses() {}

    static ObjectNode error(String code, String message) {
        ObjectNode n = Messages.JSON.createObjectNode();
        n.put("error", code);
        n.put("message", message);
        return n;
    }

    static FullHttpResponse error(ApiException e) {
        FullHttpResponse res = json(e.status, error(e.code, e.getMessage()));
        if (e.status.equals(HttpResponseStatus.UNAUTHORIZED)) {
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"chorus-admin\"");
        }
        return res;
    }

    static FullHttpResponse notAllowed() {
        return error(ApiException.notAllowed());
    }

    static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return res;
    }

    static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return res;
    }

    static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
        send(ctx, HttpUtil.isKeepAlive(req), req.method() == HttpMethod.HEAD, res);
    }

    /** Safe from any thread: Netty hands the write to the channel's event loop. */
    public static void send(ChannelHandlerContext ctx, boolean keepAlive, boolean head, FullHttpResponse res) {
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
