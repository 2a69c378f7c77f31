package dev.chorus.signaling.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.admin.AdminAuth;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.room.ClientStatsSample;
import dev.chorus.signaling.room.Room;
import dev.chorus.signaling.room.RoomManager;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code /api/admin/…} (docs/protocol.md, Admin): room listing and live mode switches, behind a
 * bearer token. Authentication comes before routing, so without the token nothing about the
 * admin endpoints (not even which exist) is revealed.
 */
final class AdminApi {
    static final String PREFIX = "/api/admin";
    private static final String ROOMS = PREFIX + "/rooms";
    private static final String MODE_SUFFIX = "/mode";
    /** A busy room thread (a slow offer) delays the switch; the HTTP client should not hang on it. */
    private static final long SWITCH_TIMEOUT_SECONDS = 10;

    private final RoomManager rooms;
    private final AdminAuth auth;

    AdminApi(RoomManager rooms, AdminAuth auth) {
        this.rooms = rooms;
        this.auth = auth;
    }

    static boolean handles(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /**
     * The answer body (status 200), possibly completed later on a room thread; refusals are thrown.
     * Never waits: called on the event loop.
     */
    CompletableFuture<ObjectNode> handle(FullHttpRequest req, String path) throws ApiException {
        authenticate(req);
        HttpMethod method = req.method();
        if (path.equals(ROOMS)) {
            if (method != HttpMethod.GET) {
                throw ApiException.notAllowed();
            }
            return CompletableFuture.completedFuture(listRooms());
        }
        String id = roomIdOfModePath(path);
        if (id == null) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not-found", "no such endpoint");
        }
        if (method != HttpMethod.POST) {
            throw ApiException.notAllowed();
        }
        Room room = rooms.get(id);
        if (room == null) {
            throw ApiException.roomNotFound();
        }
        var mode = JsonBody.mode(JsonBody.read(req), null);
        return room.switchMode(mode).orTimeout(SWITCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private void authenticate(FullHttpRequest req) throws ApiException {
        switch (auth.check(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            case OK -> { }
            case DISABLED -> throw new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "the admin API is disabled: set admin.token (or CHORUS_ADMIN_TOKEN)");
            case MISSING -> throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                    "missing bearer token (Authorization: Bearer <token>)");
            case WRONG -> throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "wrong token");
        }
    }

    /** {id} of /api/admin/rooms/{id}/mode, or null for any other path. */
    private static String roomIdOfModePath(String path) {
        if (!path.startsWith(ROOMS + "/") || !path.endsWith(MODE_SUFFIX)) {
            return null;
        }
        int start = ROOMS.length() + 1;
        int end = path.length() - MODE_SUFFIX.length();
        if (end <= start) {
            return null;
        }
        String id = path.substring(start, end);
        return id.indexOf('/') >= 0 ? null : id;
    }

    /** Every room, ordered by id so that a polling page does not reshuffle its rows. */
    private ObjectNode listRooms() {
        ObjectNode body = Messages.JSON.createObjectNode();
        ArrayNode list = body.putArray("rooms");
        rooms.rooms().stream()
                .sorted(Comparator.comparing(Room::id))
                .forEach(r -> list.add(withClientStats(r)));
        return body;
    }

    /** The room as described to everyone, plus each participant's latest client-stats (null before any). */
    private static ObjectNode withClientStats(Room r) {
        ObjectNode room = r.describe();
        Map<String, ClientStatsSample> stats = r.clientStats();
        for (JsonNode p : room.path("participants")) {
            ClientStatsSample s = stats.get(p.path("participantId").asText());
            ((ObjectNode) p).set("clientStats", s == null ? NullNode.getInstance() : s.toJson());
        }
        return room;
    }
}
