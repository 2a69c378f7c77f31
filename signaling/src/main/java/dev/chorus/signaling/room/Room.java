package dev.chorus.signaling.room;

import dev.chorus.signaling.ice.ClientIceServers;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.compositor.room.CompositorStats;
import dev.chorus.compositor.room.RoomCompositor;
import dev.chorus.media.sfu.MediaKind;
import dev.chorus.media.sfu.MediaServer;
import dev.chorus.media.sfu.Producer;
import dev.chorus.media.sfu.ProducerParams;
import dev.chorus.media.sfu.Router;
import dev.chorus.media.sfu.TransportStats;
import dev.chorus.media.sfu.WebRtcTransport;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.protocol.PeerChannel;
import dev.chorus.signaling.protocol.SignalingError;
import dev.chorus.signaling.sdp.Fingerprint;
import dev.chorus.signaling.sdp.IceCandidate;
import dev.chorus.signaling.sdp.MediaDescription;
import dev.chorus.signaling.sdp.SdpParseException;
import dev.chorus.signaling.sdp.SdpParser;
import dev.chorus.signaling.sdp.SdpWriter;
import dev.chorus.signaling.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conference room. Control operations (join, leave, offers) run one at a time on the room's own
 * virtual thread, so they may wait on the media worker without blocking Netty's event loops, and
 * rooms never contend with each other.
 */
public final class Room {
    private static final Logger LOG = LoggerFactory.getLogger(Room.class);

    private final String id;
    private final Router router;
    private final MediaServer media;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
    private final Map<String, Participant> participants = new ConcurrentHashMap<>();
    private final RoomEvents events = new RoomEvents(this);
    private final boolean publisherTransportCc;
    /** Written on the room thread only; volatile for describe() from other threads. */
    private volatile RoomMode mode;
    /** Room thread only: in MCU mode, the compositor and who receives what. */
    private final McuPlan mcu = new McuPlan(this);
    /** Room thread only. */
    private final ChatHistory chat = new ChatHistory();
    private final ResumeSessions sessions;
    private final ClientIceServers iceServers;
    private final Reconnection reconnection;

    Room(String id, Router router, MediaServer media, boolean publisherTransportCc, RoomMode mode,
         ResumeSessions sessions, ClientIceServers iceServers) {
        this.iceServers = iceServers;
        this.id = id;
        this.router = router;
        this.media = media;
        this.publisherTransportCc = publisherTransportCc;
        this.mode = mode;
        this.sessions = sessions;
        this.reconnection = new Reconnection(this, sessions);
        router.setListener(events);
        if (mode == RoomMode.MCU) {
            execute(mcu::enter);
        }
    }

    /** Room thread: the dominant speaker changed (highlighted in the composite). */
    void onActiveSpeaker(String participantId) {
        mcu.onActiveSpeaker(participantId);
    }

    /** The STUN/TURN servers participants are told about. */
    ClientIceServers iceServers() {
        return iceServers;
    }

    /** Whether publishers get transport-cc (only useful when the media core sends its feedback). */
    boolean publisherTransportCc() {
        return publisherTransportCc;
    }

    public String id() {
        return id;
    }

    public RoomMode mode() {
        return mode;
    }

    public int size() {
        return participants.size();
    }

    /** Runs a control operation on the room's thread. */
    public void execute(Runnable r) {
        executor.execute(() -> {
            try {
                r.run();
            } catch (Throwable t) {
                LOG.error("room {}: control operation failed", id, t);
            }
        });
    }

    /** The router listener this room registered (tests fire media events through it). */
    Router.Listener events() {
        return events;
    }

    /** Room thread: the MCU plan (tests look at its compositor). */
    McuPlan mcu() {
        return mcu;
    }

    /** For callers that must not fail or wait (the media worker): false if the room is closed. */
    boolean tryExecute(Runnable r) {
        try {
            execute(r);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Participants who have not left (room thread). */
    List<Participant> present() {
        return participants.values().stream().filter(p -> !p.left).toList();
    }

    boolean isPresent(String participantId) {
        Participant p = participants.get(participantId);
        return p != null && !p.left;
    }

    ChatHistory chat() {
        return chat;
    }

    ResumeSessions sessions() {
        return sessions;
    }

    /** Each present participant's latest {@code client-stats} (those that sent any), by id; any thread. */
    public Map<String, ClientStatsSample> clientStats() {
        Map<String, ClientStatsSample> out = new HashMap<>();
        for (Participant p : participants.values()) {
            ClientStatsSample s = p.clientStats;
            if (!p.left && s != null) {
                out.put(p.id, s);
            }
        }
        return out;
    }

    public ObjectNode describe() {
        ObjectNode n = Messages.JSON.createObjectNode();
        n.put("roomId", id);
        n.put("mode", mode.json());
        ArrayNode list = n.putArray("participants");
        participants.values().stream()
                .filter(p -> !p.left && !p.hidden)
                .forEach(p -> list.add(Messages.participant(p.id, p.name)));
        return n;
    }

    /**
     * Every present participant's media transport as the server sees it (estimate, allocation,
     * layers per track, pacing, pipeline counters), gathered on the room and media threads; in MCU
     * mode also the compositor's counters ({@code compositor}, null in SFU mode).
     */
    public CompletableFuture<ObjectNode> stats() {
        CompletableFuture<ObjectNode> result = new CompletableFuture<>();
        boolean queued = tryExecute(() -> {
            RoomCompositor compositor = mcu.compositor();
            CompositorStats compositorStats = compositor == null ? null : compositor.stats();
            List<Participant> ps = present();
            List<CompletableFuture<TransportStats>> fs = new ArrayList<>();
            for (Participant p : ps) {
                fs.add(p.transport == null ? CompletableFuture.completedFuture(null) : p.transport.stats());
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new))
                    .orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                    .whenComplete((v, err) -> {
                        if (err != null) {
                            result.completeExceptionally(err);
                            return;
                        }
                        ObjectNode n = Messages.JSON.createObjectNode();
                        n.put("roomId", id);
                        n.put("mode", mode.json());
                        ArrayNode list = n.putArray("participants");
                        for (int i = 0; i < ps.size(); i++) {
                            ObjectNode e = list.addObject();
                            e.put("participantId", ps.get(i).id);
                            e.put("name", ps.get(i).name);
                            e.set("transport", Messages.JSON.valueToTree(fs.get(i).join()));
                        }
                        n.set("compositor", Messages.JSON.valueToTree(compositorStats));
                        result.complete(n);
                    });
        });
        if (!queued) {
            result.completeExceptionally(new IllegalStateException("room closed"));
        }
        return result;
    }

    /**
     * Switches the room to {@code to} on the room's thread (so it is ordered with joins, leaves and
     * offers); a no-op if the room is already in that mode. Completes, on the room thread, with
     * {@link #describe()} after the switch, or exceptionally if the room is closed or the switch failed.
     */
    public CompletableFuture<ObjectNode> switchMode(RoomMode to) {
        CompletableFuture<ObjectNode> result = new CompletableFuture<>();
        boolean queued = tryExecute(() -> {
            try {
                RoomMode from = mode;
                if (from != to) {
                    applyMode(from, to);
                    LOG.info("room {}: mode {} -> {}, {} present", id, from, to, present().size());
                }
                result.complete(describe());
            } catch (Throwable t) {
                result.completeExceptionally(t); // execute() would only log it: the caller is waiting
                throw t;
            }
        });
        if (!queued) {
            result.completeExceptionally(new IllegalStateException("room closed"));
        }
        return result;
    }

    /**
     * The one place a mode change takes effect (room thread). The media re-plumbing between
     * forwarding and the composite (transports, consumers, renegotiation) belongs here, next to the
     * field update, so that signaling and media switch together.
     */
    void applyMode(RoomMode from, RoomMode to) {
        mode = to;
        ObjectNode msg = Messages.of("mode");
        msg.put("mode", to.json());
        for (Participant p : present()) {
            p.channel.send(msg);
        }
        // the mode message goes first, so clients know what the renegotiation that follows is for
        if (to == RoomMode.MCU) {
            mcu.enter();
        } else {
            mcu.exit();
        }
    }

    Router router() {
        return router;
    }

    MediaServer media() {
        return media;
    }

    /** The current dominant speaker's id, or null (room thread). */
    String speaker() {
        return events.speaker();
    }

    boolean mcuActive() {
        return mcu.active();
    }

    /** Room thread: closes every consumer a participant receives; its m-lines go inactive for good. */
    void retireReceiving(Participant p) {
        retireWhere(p, prod -> true);
    }

    /** Room thread: asks the client for an offer with m-lines for what it waits for (or to retire some). */
    void requestRenegotiation(Participant p) {
        if (p.transport == null) {
            return; // its first offer will get the pending tracks
        }
        if (FixedReceivers.applies(p)) {
            FixedReceivers.refill(this, p); // cannot renegotiate: its m-lines switch source instead
            return;
        }
        if (p.pending.isEmpty()) {
            p.channel.send(renegotiate(0, 0));
        } else {
            sendRenegotiateIfNeeded(p);
        }
    }

    // ---- control operations: call on the room thread ----

    public Participant join(String name, PeerChannel channel) {
        return join(name, channel, p -> { });
    }

    /**
     * @param attach called with the new participant before {@code joined} goes out: the client may answer
     *               {@code joined} at once, and its connection must know who it is by then
     */
    public Participant join(String name, PeerChannel channel, Consumer<Participant> attach) {
        return join(name, channel, attach, false, true);
    }

    /**
     * @param hidden a viewer nobody sees (see {@link Participant#hidden})
     * @param receives false for a publisher that never receives (see {@link Participant#receives})
     */
    Participant join(String name, PeerChannel channel, Consumer<Participant> attach, boolean hidden,
                     boolean receives) {
        Participant p = new Participant(UUID.randomUUID().toString(), name, channel, this, hidden, receives);
        attach.accept(p);
        participants.put(p.id, p);
        channel.send(Roster.welcome("joined", this, p, sessions.issue(p)));
        sendSpeaker(channel);
        ObjectNode announce = Messages.of("participant-joined");
        announce.set("participant", Roster.entry(p));
        for (Participant o : participants.values()) {
            if (o != p) {
                if (!hidden) {
                    o.channel.send(announce);
                }
                // everything already published becomes pending for the newcomer (SFU)
                if (!mcu.active() && p.receives) {
                    p.pending.addAll(o.publishedProducers());
                }
            }
        }
        if (mcu.active()) {
            mcu.onJoined(p); // the composite and their own mix instead
        }
        LOG.info("room {}: {} ({}) joined, {} present", id, p.name, p.id, participants.size());
        return p;
    }

    /** Room thread: the current dominant speaker, if any, to one who just (re)joined. */
    void sendSpeaker(PeerChannel channel) {
        if (events.speaker() != null && participants.containsKey(events.speaker())) {
            channel.send(RoomEvents.speakerMessage(events.speaker()));
        }
    }

    /** {@code channel}, {@code p}'s socket, closed without {@code leave}: the grace period starts. */
    public void detach(Participant p, PeerChannel channel) {
        reconnection.detach(p, channel);
    }

    /**
     * {@code p} takes its place again on {@code channel} ({@code resume}).
     *
     * @param attach called once the token is spent, before {@code resumed} goes out (see {@link #join})
     * @return the channel it had if that one was still attached (to be closed), else null
     */
    public PeerChannel resume(Participant p, PeerChannel channel, String token, Consumer<Participant> attach)
            throws SignalingError {
        return reconnection.resume(p, channel, token, attach);
    }

    public void onMediaState(Participant p, MediaState state) {
        RoomStatus.mediaState(this, p, state);
    }

    /** @param receivedNanos {@link System#nanoTime()} when the message arrived */
    public void onChat(Participant p, String text, long receivedNanos) throws SignalingError {
        RoomStatus.chat(this, p, text, receivedNanos);
    }

    public void onClientStats(Participant p, ClientStatsSample stats, long receivedNanos) throws SignalingError {
        RoomStatus.clientStats(p, stats, receivedNanos);
    }

    public void leave(Participant p) {
        if (p.left) {
            return;
        }
        p.left = true;
        reconnection.onLeft(p);
        participants.remove(p.id);
        List<Producer> gone = p.publishedProducers();
        if (mcu.active()) {
            mcu.onLeft(p); // before its producers close: the compositor lets go of its taps first
        }
        if (p.transport != null) {
            p.transport.close().join();
        }
        ObjectNode msg = Messages.of("participant-left");
        msg.put("participantId", p.id);
        for (Participant o : participants.values()) {
            if (p.id.equals(o.pinned)) {
                o.pinned = null;
            }
            if (!p.hidden) {
                o.channel.send(msg);
            }
            if (retire(o, gone)) {
                o.channel.send(renegotiate(0, 0));
                if (FixedReceivers.applies(o)) {
                    FixedReceivers.refill(this, o);
                }
            }
        }
        LOG.info("room {}: {} ({}) left, {} present", id, p.name, p.id, participants.size());
    }

    /** Drops ended producers from a receiver's bookkeeping; true if an m-line changed. */
    private boolean retire(Participant o, List<Producer> gone) {
        o.pending.removeAll(gone);
        return retireWhere(o, gone::contains) && o.transport != null;
    }

    /** Closes the consumers of {@code o}'s ASSIGNED m-lines whose producer matches; true if any. */
    private static boolean retireWhere(Participant o, Predicate<Producer> which) {
        boolean changed = false;
        for (MediaSlot s : o.slots) {
            if (s.role == MediaSlot.Role.ASSIGNED && which.test(s.producer)) {
                if (s.consumer != null && o.transport != null) {
                    o.transport.closeConsumer(s.consumer).join();
                    // read after the worker closed it: the next track on this m-line continues it
                    s.continuation = FixedReceivers.applies(o) ? s.consumer.continuation() : null;
                }
                s.role = MediaSlot.Role.RETIRED;
                s.consumer = null;
                changed = true;
            }
        }
        return changed;
    }

    public void onOffer(Participant p, String sdp) throws SignalingError {
        onOffer(p, sdp, Set.of());
    }

    /** @param screenMids mids of the offer's m-lines that carry screen-share video (the offer's `screen` field) */
    public void onOffer(Participant p, String sdp, Set<String> screenMids) throws SignalingError {
        SessionDescription offer;
        try {
            offer = SdpParser.parse(sdp);
        } catch (SdpParseException e) {
            throw new SignalingError("bad-sdp", e.getMessage());
        }
        if (offer.media().isEmpty()) {
            throw new SignalingError("bad-sdp", "the offer has no media sections");
        }
        MediaDescription first = offer.media().get(0);
        String ufrag = first.effectiveIceUfrag(offer);
        String pwd = first.effectiveIcePwd(offer);
        Fingerprint fp = first.effectiveFingerprint(offer);
        if (ufrag == null || pwd == null || fp == null) {
            throw new SignalingError("bad-sdp", "the offer lacks ICE credentials or a DTLS fingerprint");
        }
        if (!first.rtcpMux()) {
            throw new SignalingError("bad-sdp", "rtcp-mux is required");
        }
        try {
            if (p.transport == null) {
                p.transport = router.createTransport(p.id, (t, state) ->
                        LOG.info("room {}: transport of {} is {}", id, p.name, state));
            }
        } catch (Exception e) {
            throw new SignalingError("internal", "cannot create a media transport: " + e.getMessage());
        }
        OfferIce.apply(p, ufrag, pwd, fp);
        for (MediaDescription m : offer.media()) {
            for (IceCandidate c : m.candidates()) {
                addCandidate(p, c);
            }
        }
        List<Producer> published = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            MediaSlot slot = p.slotsByMid.get(m.mid());
            if (slot == null) {
                slot = newSlot(p, m, screenMids, published);
                p.slots.add(slot);
                if (m.mid() != null) {
                    p.slotsByMid.put(m.mid(), slot);
                }
            } else if (slot.role == MediaSlot.Role.PUBLISH && !m.direction().sends() && slot.producer != null) {
                // the publisher stopped this track
                Producer stopped = slot.producer;
                if (mcu.active()) {
                    mcu.onUnpublished(p, stopped);
                }
                p.transport.closeProducer(stopped).join();
                slot.producer = null;
                slot.role = MediaSlot.Role.RETIRED;
                for (Participant o : participants.values()) {
                    if (o != p && retire(o, List.of(stopped))) {
                        o.channel.send(renegotiate(0, 0));
                        if (FixedReceivers.applies(o)) {
                            FixedReceivers.refill(this, o);
                        }
                    }
                }
            }
        }
        p.offer = offer;
        SlotAssigner.assignPending(this, p, offer);
        if (FixedReceivers.applies(p)) {
            FixedReceivers.reserve(p, offer);
        }
        var ice = new AnswerBuilder.LocalIce(p.transport.iceUfrag(), p.transport.icePassword(),
                p.transport.dtlsFingerprint(), media.advertisedAddresses(), media.udpPort());
        ObjectNode answer = Messages.of("answer");
        answer.put("sdp", SdpWriter.write(AnswerBuilder.build(offer, p, ice)));
        p.channel.send(answer);
        sendRenegotiateIfNeeded(p);
        for (Producer prod : published) {
            if (mcu.active()) {
                mcu.onPublished(p, prod);
                continue;
            }
            for (Participant o : participants.values()) {
                if (o != p && !o.left && o.receives) {
                    o.pending.add(prod);
                    if (o.transport != null && FixedReceivers.applies(o)) {
                        FixedReceivers.refill(this, o);
                    } else if (o.transport != null) {
                        sendRenegotiateIfNeeded(o);
                    }
                }
            }
        }
    }

    private MediaSlot newSlot(Participant p, MediaDescription m, Set<String> screenMids, List<Producer> published) {
        boolean media = "audio".equals(m.kind()) || "video".equals(m.kind());
        if (!media || m.isRejected() || m.mid() == null) {
            return new MediaSlot(m.mid(), m.kind(), MediaSlot.Role.REJECTED);
        }
        if (m.direction().sends()) {
            MediaSlot slot = new MediaSlot(m.mid(), m.kind(), MediaSlot.Role.PUBLISH);
            ProducerParams params = PublisherSetup.params(p, m, slot, screenMids.contains(m.mid()));
            if (params == null) {
                LOG.info("room {}: {} offered no usable {} codec on mid {}", id, p.name, m.kind(), m.mid());
                return new MediaSlot(m.mid(), m.kind(), MediaSlot.Role.REJECTED);
            }
            slot.producer = p.transport.produce(params).join();
            published.add(slot.producer);
            return slot;
        }
        return new MediaSlot(m.mid(), m.kind(),
                m.direction().receives() ? MediaSlot.Role.FREE : MediaSlot.Role.REJECTED);
    }

    /** The id of the participant present in the room who publishes {@code prod}, or null. */
    String ownerOf(Producer prod) {
        if (prod.isLocal()) {
            return mcu.owns(prod) ? McuPlan.COMPOSITE_STREAM : null;
        }
        for (Participant o : participants.values()) {
            if (o.transport == prod.transport()) {
                return o.left ? null : o.id;
            }
        }
        return null;
    }

    /**
     * What the receiver's m-line {@code m} should get for the pending {@code prod}: in MCU mode the
     * composite in a codec {@code m} accepts (VP8 preferred, else H.264); otherwise {@code prod} itself.
     */
    Producer variantFor(Producer prod, MediaDescription m) {
        return mcu.owns(prod) ? mcu.compositeFor(prod, m) : prod;
    }

    private void sendRenegotiateIfNeeded(Participant p) {
        if (p.pending.isEmpty()) {
            return;
        }
        int needAudio = 0;
        int needVideo = 0;
        for (Producer prod : p.pending) {
            if (prod.kind() == MediaKind.AUDIO) {
                needAudio++;
            } else {
                needVideo++;
            }
        }
        for (MediaSlot s : p.slots) {
            if (s.role == MediaSlot.Role.FREE) {
                if ("audio".equals(s.kind)) {
                    needAudio--;
                } else if ("video".equals(s.kind)) {
                    needVideo--;
                }
            }
        }
        p.channel.send(renegotiate(Math.max(0, needAudio), Math.max(0, needVideo)));
    }

    private static ObjectNode renegotiate(int audio, int video) {
        ObjectNode n = Messages.of("renegotiate");
        n.put("addAudio", audio);
        n.put("addVideo", video);
        return n;
    }

    /** A receiver's tile size for the video on {@code mid} (docs/protocol.md, render-size). */
    public void onRenderSize(Participant p, String mid, int width, int height) throws SignalingError {
        ReceiverControls.renderSize(p, mid, width, height);
    }

    /** A receiver pins {@code participantId}'s video, or unpins with null. */
    public void onPin(Participant p, String participantId) throws SignalingError {
        ReceiverControls.pin(this, p, participantId);
    }

    public void onCandidate(Participant p, String candidate) throws SignalingError {
        if (p.transport == null) {
            throw new SignalingError("bad-request", "candidate before offer");
        }
        try {
            IceCandidate c = IceCandidate.parse(candidate);
            if (OfferIce.current(p, c)) {
                addCandidate(p, c);
            }
        } catch (SdpParseException e) {
            throw new SignalingError("bad-request", "bad candidate: " + e.getMessage());
        }
    }

    static void addCandidate(Participant p, IceCandidate c) {
        p.transport.addRemoteCandidate(c.address(), c.port(), c.transport(), c.type().sdpName(), c.priority(),
                c.foundation());
    }

    public void close() {
        execute(() -> {
            for (Participant p : List.copyOf(participants.values())) {
                leave(p);
            }
            mcu.close();
            router.close();
        });
        executor.shutdown();
    }

    WebRtcTransport transportOf(Participant p) {
        return p.transport;
    }
}
