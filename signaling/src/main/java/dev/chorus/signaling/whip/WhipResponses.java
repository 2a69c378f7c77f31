package dev.chorus.signaling.whip;

import dev.chorus.signaling.http.HttpResponses;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** WHIP/WHEP answers: short text errors, SDP bodies, CORS headers on every one. */
final class WhipResponses {
    static final String SDP = "application/sdp";
    static final String SDPFRAG = "application/trickle-ice-sdpfrag";

    private WhipResponses() {}

    static FullHttpResponse text(HttpResponseStatus status, String body) {
        return body(status, "text/plain; charset=utf-8", body);
    }

    static FullHttpResponse body(HttpResponseStatus status, String contentType, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return res;
    }

    static FullHttpResponse empty(HttpResponseStatus status) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    }

    static FullHttpResponse error(WhipException e) {
        FullHttpResponse res = text(e.status, e.getMessage() + "\n");
        if (e.status.equals(HttpResponseStatus.UNAUTHORIZED)) {
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"chorus-whip\"");
        }
        return res;
    }

    /** Adds the CORS headers and writes; safe from any thread. */
    static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Location, ETag, Link, Accept-Patch, Accept-Post, X-Chorus-Participant");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpResponses.send(ctx, keepAlive, false, res);
    }
}
