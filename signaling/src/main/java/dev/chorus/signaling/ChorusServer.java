package dev.chorus.signaling;

import dev.chorus.signaling.ice.ClientIceServers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.media.dtls.DtlsSession;
import dev.chorus.media.sfu.MediaServer;
import dev.chorus.media.sfu.WebRtcTransport;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.http.HttpApiHandler;
import dev.chorus.signaling.whip.WhipHandler;
import dev.chorus.signaling.whip.WhipSessions;
import dev.chorus.signaling.http.StaticFiles;
import dev.chorus.signaling.lobby.Lobby;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.room.RoomManager;
import dev.chorus.signaling.server.ServerCounters;
import dev.chorus.signaling.server.SignalingServer;
import dev.chorus.signaling.ws.SignalingRequests;
import dev.chorus.signaling.server.TlsContexts;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;

/** The assembled server process: media core + signaling front end. */
public final class ChorusServer implements AutoCloseable {
    private final MediaServer media;
    private final RoomManager rooms;
    private final Lobby lobby;
    private final SignalingServer signaling;
    private final ServerCounters counters;
    /** WHIP/WHEP sessions (their reaper ends unconnected ones) and endpoints. */
    private final WhipSessions whipSessions;
    private volatile WhipHandler whip;

    private ChorusServer(MediaServer media, RoomManager rooms, Lobby lobby, SignalingServer signaling,
            ServerCounters counters, int whipIceTimeoutSeconds) {
        this.media = media;
        this.rooms = rooms;
        this.lobby = lobby;
        this.signaling = signaling;
        this.counters = counters;
        this.whipSessions = new WhipSessions(Duration.ofSeconds(whipIceTimeoutSeconds));
    }

    /** Starts everything; ports of 0 in the config bind ephemeral ports (see the accessors). */
    public static ChorusServer start(ServerConfig config) throws Exception {
        MediaServer media = new MediaServer(config.mediaBindAddress(), config.mediaPort(), config.mediaPublicAddress(),
                config.mediaWorkers());
        BweModels.apply(config, media);
        ClientIceServers iceServers = new ClientIceServers(config.iceServers());
        RoomManager rooms = new RoomManager(media, config.publisherTransportCc(), config.resumeGraceSeconds(),
                iceServers);
        Lobby lobby = new Lobby(rooms, Duration.ofSeconds(config.ringTimeoutSeconds()));
        ServerCounters counters = new ServerCounters();
        SignalingServer signaling = new SignalingServer();
        ChorusServer server = new ChorusServer(media, rooms, lobby, signaling, counters,
                config.whipIceTimeoutSeconds());
        try {
            SslContext ssl = config.httpsPort() >= 0
                    ? TlsContexts.server(config.tlsCertFile(), config.tlsKeyFile(), Path.of(config.dataDir()))
                    : null;
            server.whip = new WhipHandler(rooms, server.whipSessions, config.whipToken(), counters.whipRefused,
                    iceServers);
            HttpApiHandler api = new HttpApiHandler(rooms, new StaticFiles(), counters, server::health,
                    config.adminToken(), server.whip);
            signaling.start(config.httpBind(), config.httpPort(), config.httpsPort(), ssl, api, new SignalingRequests(rooms, lobby), counters,
                    config.maxFrameBytes());
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    ObjectNode health() {
        ObjectNode n = Messages.JSON.createObjectNode();
        n.put("status", "ok");
        n.put("rooms", rooms.rooms().size());
        n.put("participants", rooms.rooms().stream().mapToInt(r -> r.size()).sum());
        ObjectNode rejected = n.putObject("rejected");
        rejected.put("badJson", counters.badJson.get());
        rejected.put("unknownType", counters.unknownType.get());
        rejected.put("badRequest", counters.badRequest.get());
        rejected.put("oversizedFrames", counters.oversizedFrames.get());
        rejected.put("roomNotFound", counters.roomNotFound.get());
        rejected.put("badSdp", counters.badSdp.get());
        rejected.put("unknownTarget", counters.unknownTarget.get());
        rejected.put("rateLimited", counters.rateLimited.get());
        rejected.put("resumeFailed", counters.resumeFailed.get());
        rejected.put("httpNotFound", counters.httpNotFound.get());
        rejected.put("whip", counters.whipRefused.get());
        ObjectNode m = n.putObject("media");
        m.put("udpPort", media.udpPort());
        m.put("garbageDatagrams", WebRtcTransport.garbageDatagrams());
        m.put("workerQueueDrops", media.workerQueueDrops());
        m.put("dtlsFailures", DtlsSession.failures());
        return n;
    }

    public RoomManager rooms() {
        return rooms;
    }

    /** The live WHIP/WHEP sessions. */
    public WhipSessions whipSessions() {
        return whipSessions;
    }

    /** The WHIP/WHEP endpoints. */
    public WhipHandler whip() {
        return whip;
    }

    public MediaServer media() {
        return media;
    }

    public int httpPort() {
        return signaling.httpPort();
    }

    public int httpsPort() {
        return signaling.httpsPort();
    }

    public int mediaPort() {
        return media.udpPort();
    }

    @Override
    public void close() {
        signaling.close();
        whipSessions.close();
        lobby.close();
        rooms.close();
        media.close();
    }
}
