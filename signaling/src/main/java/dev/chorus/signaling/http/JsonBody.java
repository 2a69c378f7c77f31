package dev.chorus.signaling.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.room.RoomMode;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** Request bodies of the JSON API: small, one JSON object. */
final class JsonBody {
    /**
     * Largest accepted body. API bodies are a few dozen bytes; the pipeline's aggregator (64 KiB)
     * answers anything beyond that itself, before it reaches the handler.
     */
    static final int MAX_BYTES = 4096;

    private JsonBody() {}

    /** The body as an object; an empty object when there is no body. */
    static ObjectNode read(FullHttpRequest req) throws ApiException {
        ByteBuf content = req.content();
        if (content.readableBytes() > MAX_BYTES) {
            throw new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body-too-large",
                    "request bodies are limited to " + MAX_BYTES + " bytes");
        }
        String text = content.toString(StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Messages.JSON.createObjectNode();
        }
        JsonNode n;
        try {
            n = Messages.JSON.readTree(text);
        } catch (Exception e) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "bad-json", "the body is not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "bad-json", "the body is not a JSON object");
        }
        return (ObjectNode) n;
    }

    /** The body's {@code mode}; {@code fallback} when absent (null: required). */
    static RoomMode mode(ObjectNode body, RoomMode fallback) throws ApiException {
        JsonNode m = body.get("mode");
        if (m == null || m.isNull()) {
            if (fallback == null) {
                throw ApiException.badRequest("'mode' is required: \"sfu\" or \"mcu\"");
            }
            return fallback;
        }
        RoomMode mode = m.isTextual() ? RoomMode.parse(m.asText()) : null;
        if (mode == null) {
            throw ApiException.badRequest("'mode' must be \"sfu\" or \"mcu\"");
        }
        return mode;
    }
}
