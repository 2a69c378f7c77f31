package dev.chorus.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.media.sfu.ConsumerParams;
import dev.chorus.media.sfu.ConsumerProbe;
import dev.chorus.media.sfu.HeaderExtensionUris;
import dev.chorus.media.sfu.LayerParams;
import dev.chorus.media.sfu.Producer;
import dev.chorus.media.sfu.ProducerParams;
import dev.chorus.signaling.protocol.PeerChannel;
import dev.chorus.signaling.protocol.SignalingError;
import dev.chorus.signaling.sdp.Codec;
import dev.chorus.signaling.sdp.Direction;
import dev.chorus.signaling.sdp.HeaderExtension;
import dev.chorus.signaling.sdp.MediaDescription;
import dev.chorus.signaling.sdp.SessionDescription;
import dev.chorus.signaling.sdp.Ssrc;
import dev.chorus.signaling.sdp.SsrcGroup;
import dev.chorus.signaling.testing.LocalMediaServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/**
 * A room against the real media core, fed the SDP Chromium 156 really sends: Ann publishes with simulcast,
 * Bob re-offers to receive her. Checks both answers, the producer and consumer parameters, and the
 * messages of render-size / pin / layers / active-speaker.
 */
@Timeout(60)
class RoomSimulcastTest {
    @RegisterExtension
    static final LocalMediaServer MEDIA = new LocalMediaServer();
    RoomManager rooms;
    Room room;
    Peer ann;
    Peer bob;

    /** A participant whose messages are collected. */
    record Peer(Participant p, LinkedBlockingQueue<ObjectNode> inbox) {
        ObjectNode next(String type) throws InterruptedException {
            while (true) {
                ObjectNode m = inbox.poll(10, TimeUnit.SECONDS);
                assertNotNull(m, "no '" + type + "' message");
                if (m.path("type").asText().equals(type)) {
                    return m;
                }
            }
        }

        /** Nothing of that type arrives within a short while (the room thread is drained first by the caller). */
        void assertNo(String type) {
            for (ObjectNode m : inbox) {
                assertNotEquals(type, m.path("type").asText(), "unexpected " + m);
            }
        }
    }

    @BeforeEach
    void twoPeople() throws Exception {
        rooms = new RoomManager(MEDIA.get());
        room = rooms.create();
        ann = join("Ann");
        bob = join("Bob");
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        rooms.close();
    }

    interface RoomCall<T> {
        T call() throws Exception;
    }

    /** Runs on the room thread, as the WebSocket handler does, and waits. */
    <T> T onRoom(RoomCall<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        room.execute(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    void drainRoom() throws Exception {
        onRoom(() -> null);
    }

    Peer join(String name) throws Exception {
        LinkedBlockingQueue<ObjectNode> inbox = new LinkedBlockingQueue<>();
        PeerChannel ch = inbox::add;
        Participant p = onRoom(() -> room.join(name, ch));
        return new Peer(p, inbox);
    }

    SessionDescription offer(Peer who, String fixture, Set<String> screen) throws Exception {
        onRoom(() -> {
            room.onOffer(who.p(), Fixtures.text(fixture), screen);
            return null;
        });
        return Fixtures.parse(who.next("answer").path("sdp").asText());
    }

    static MediaDescription mid(SessionDescription s, String mid) {
        return s.mediaByMid(mid).orElseThrow(() -> new AssertionError("no mid " + mid));
    }

    static List<String> uris(MediaDescription m) {
        return m.extensions().stream().map(HeaderExtension::uri).toList();
    }

    /** Ann publishes, Bob's first offer already has receiving m-lines: he gets her audio on 2 and video on 4. */
    SessionDescription annPublishesBobReceives() throws Exception {
        offer(ann, Fixtures.CHROME156_SIMULCAST, Set.of());
        return offer(bob, Fixtures.CHROME156_REOFFER, Set.of());
    }

    Producer producer(Peer who, String mid) {
        return who.p().slotsByMid.get(mid).producer;
    }

    @Test
    void publisherAnswerAcceptsTheRidsRtxAndTransportCc() throws Exception {
        SessionDescription answer = offer(ann, Fixtures.CHROME156_SIMULCAST, Set.of());
        MediaDescription video = mid(answer, "1");
        assertEquals(Direction.RECVONLY, video.direction());
        assertEquals(List.of("q", "h", "f"), video.rids().stream().map(r -> r.id()).toList());
        video.rids().forEach(r -> assertEquals("recv", r.direction().sdpName()));
        assertEquals("recv q;h;f", video.simulcast().toSdpValue());
        assertEquals(List.of("96", "97"), video.formats());
        Codec vp8 = video.codec(96).orElseThrow();
        assertEquals("VP8", vp8.name());
        assertEquals(Set.of("nack", "nack pli", "ccm fir", "transport-cc", "goog-remb"), Set.copyOf(vp8.rtcpFeedback()));
        Codec rtx = video.codec(97).orElseThrow();
        assertTrue(rtx.isRtx());
        assertEquals("apt=96", rtx.fmtpLine());
        assertTrue(rtx.rtcpFeedback().isEmpty());
        assertEquals(Set.of(HeaderExtensionUris.MID, HeaderExtensionUris.RID, HeaderExtensionUris.REPAIRED_RID,
                HeaderExtensionUris.TRANSPORT_CC, HeaderExtensionUris.VIDEO_ORIENTATION), Set.copyOf(uris(video)));
        assertEquals(3, video.extensionId(HeaderExtensionUris.TRANSPORT_CC).orElseThrow(), "the offer's id is kept");
        assertTrue(video.ssrcs().isEmpty() && video.ssrcGroups().isEmpty(), "we send nothing on a publisher m-line");

        MediaDescription audio = mid(answer, "0");
        assertEquals(List.of("111"), audio.formats());
        assertEquals(List.of("transport-cc"), audio.codec(111).orElseThrow().rtcpFeedback());
        assertEquals(Set.of(HeaderExtensionUris.MID, HeaderExtensionUris.AUDIO_LEVEL, HeaderExtensionUris.TRANSPORT_CC),
                Set.copyOf(uris(audio)));
        assertFalse(uris(audio).contains(HeaderExtensionUris.ABS_SEND_TIME));
        assertNull(audio.simulcast());

        ProducerParams params = producer(ann, "1").params();
        assertEquals(List.of(new LayerParams("q", 0, 0), new LayerParams("h", 0, 0), new LayerParams("f", 0, 0)),
                params.layers());
        assertEquals(96, params.codecs().get(0).payloadType());
        assertEquals(97, params.codecs().get(0).rtxPayloadType());
        assertEquals(3, params.extensions().get(HeaderExtensionUris.TRANSPORT_CC));
        assertEquals(10, params.extensions().get(HeaderExtensionUris.RID));
        assertEquals(11, params.extensions().get(HeaderExtensionUris.REPAIRED_RID));
        assertFalse(params.screenShare());
        ProducerParams audioParams = producer(ann, "0").params();
        assertEquals(List.of(new LayerParams("", 3523775713L, 0)), audioParams.layers());
        assertEquals(-1, audioParams.codecs().get(0).rtxPayloadType(), "no RTX for audio");
    }

    @Test
    void withoutPublisherTransportCcOnlyReceiversGetIt() throws Exception {
        rooms.close();
        rooms = new RoomManager(MEDIA.get(), false); // signaling.publisher-transport-cc=false
        room = rooms.create();
        ann = join("Ann");
        bob = join("Bob");
        SessionDescription published = offer(ann, Fixtures.CHROME156_SIMULCAST, Set.of());
        for (MediaDescription m : published.media()) {
            assertFalse(uris(m).contains(HeaderExtensionUris.TRANSPORT_CC), m.mid());
            m.codecs().forEach(c -> assertFalse(c.rtcpFeedback().contains("transport-cc"), c.toString()));
        }
        assertTrue(mid(published, "1").codec(96).orElseThrow().rtcpFeedback().contains("goog-remb"));
        assertFalse(producer(ann, "1").params().extensions().containsKey(HeaderExtensionUris.TRANSPORT_CC));
        SessionDescription received = offer(bob, Fixtures.CHROME156_REOFFER, Set.of());
        assertTrue(uris(mid(received, "4")).contains(HeaderExtensionUris.TRANSPORT_CC));
        assertTrue(mid(received, "4").codec(96).orElseThrow().rtcpFeedback().contains("transport-cc"));
        assertFalse(uris(mid(received, "1")).contains(HeaderExtensionUris.TRANSPORT_CC), "Bob publishes too");
    }

    @Test
    void aReOfferGetsTheSameSimulcastAnswer() throws Exception {
        SessionDescription first = offer(ann, Fixtures.CHROME156_SIMULCAST, Set.of());
        SessionDescription again = offer(ann, Fixtures.CHROME156_SIMULCAST, Set.of());
        assertEquals(mid(first, "1").rids(), mid(again, "1").rids());
        assertEquals(mid(first, "1").simulcast(), mid(again, "1").simulcast());
        assertEquals(mid(first, "1").codecs(), mid(again, "1").codecs());
    }

    @Test
    void screenShareIsMarkedByTheOffersScreenMids() throws Exception {
        offer(ann, Fixtures.CHROME156_SIMULCAST, Set.of("1", "0"));
        assertTrue(producer(ann, "1").params().screenShare());
        assertFalse(producer(ann, "0").params().screenShare(), "audio is never screen share");
    }

    @Test
    void receiverAnswerHasOneStreamWithRtxPairedByFid() throws Exception {
        SessionDescription answer = annPublishesBobReceives();
        MediaDescription video = mid(answer, "4");
        assertEquals(Direction.SENDONLY, video.direction());
        assertEquals(List.of("96", "97"), video.formats());
        assertEquals("apt=96", video.codec(97).orElseThrow().fmtpLine());
        assertTrue(video.codec(96).orElseThrow().rtcpFeedback().containsAll(List.of("transport-cc", "goog-remb", "nack", "nack pli")));
        assertTrue(video.rids().isEmpty() && video.simulcast() == null, "no simulcast toward receivers");
        assertEquals(List.of(HeaderExtensionUris.VIDEO_ORIENTATION, HeaderExtensionUris.TRANSPORT_CC), uris(video));

        MediaSlot slot = bob.p().slotsByMid.get("4");
        assertEquals(MediaSlot.Role.ASSIGNED, slot.role);
        assertNotEquals(0, slot.rtxSsrc);
        assertNotEquals(slot.ssrc, slot.rtxSsrc);
        assertEquals(List.of(new SsrcGroup(SsrcGroup.FID, List.of(slot.ssrc, slot.rtxSsrc))), video.ssrcGroups());
        assertEquals(List.of(slot.ssrc, slot.rtxSsrc), video.ssrcs().stream().map(Ssrc::ssrc).toList());
        String annId = ann.p().id();
        for (Ssrc s : video.ssrcs()) {
            assertEquals("chorus-" + annId, s.cname());
            assertEquals(annId + " " + producer(ann, "1").trackId(), s.msid());
        }
        assertEquals(annId, video.msid().streamId());
        assertEquals(slot.ssrc, slot.consumer.ssrc());

        MediaDescription audio = mid(answer, "2");
        assertEquals(Direction.SENDONLY, audio.direction());
        assertEquals(List.of("111"), audio.formats());
        assertEquals(1, audio.ssrcs().size());
        assertTrue(audio.ssrcGroups().isEmpty());
        assertTrue(uris(audio).contains(HeaderExtensionUris.TRANSPORT_CC));
        assertEquals(0, bob.p().slotsByMid.get("2").rtxSsrc);
        // Chromium added one transceiver too many of each kind: answered inactive, not assigned
        assertEquals(Direction.INACTIVE, mid(answer, "3").direction());
        assertEquals(Direction.INACTIVE, mid(answer, "5").direction());
    }

    @Test
    void consumerParamsCarryTheRtxSsrcAndTheTransportCcId() {
        SessionDescription reoffer = Fixtures.parse(Fixtures.text(Fixtures.CHROME156_REOFFER));
        MediaDescription m = mid(reoffer, "4");
        var codec = CodecMatcher.toParams(m, m.codec(96).orElseThrow());
        assertEquals(97, codec.rtxPayloadType());
        ConsumerParams params = SlotAssigner.consumerParams(m, codec);
        assertEquals("4", params.mid());
        assertNotEquals(0, params.rtxSsrc());
        assertNotEquals(params.ssrc(), params.rtxSsrc());
        assertEquals(Map.of(HeaderExtensionUris.TRANSPORT_CC, 3, HeaderExtensionUris.VIDEO_ORIENTATION, 13),
                params.extensions());
        // no RTX offered for the codec: no RTX SSRC
        ConsumerParams plain = SlotAssigner.consumerParams(m, CodecMatcher.toParams(m.codec(96).orElseThrow()));
        assertEquals(0, plain.rtxSsrc());
    }

    @Test
    void renderSizeReachesTheConsumerOfThatMid() throws Exception {
        annPublishesBobReceives();
        onRoom(() -> {
            room.onRenderSize(bob.p(), "4", 640, 360);
            return null;
        });
        assertEquals(new ConsumerProbe.State(640, 360, false), ConsumerProbe.of(bob.p().slotsByMid.get("4").consumer));
        onRoom(() -> {
            room.onRenderSize(bob.p(), "4", 0, 0); // hidden
            return null;
        });
        assertEquals(new ConsumerProbe.State(0, 0, false), ConsumerProbe.of(bob.p().slotsByMid.get("4").consumer));
        // a FREE video m-line (nothing assigned yet, or a late message after the track ended) is no error
        onRoom(() -> {
            room.onRenderSize(bob.p(), "5", 10, 10);
            return null;
        });
        for (String bad : List.of("0", "1", "2", "3", "99")) { // own publish m-lines, audio, unknown
            assertCode("unknown-mid", () -> room.onRenderSize(bob.p(), bad, 10, 10));
        }
    }

    @Test
    void pinMarksThatParticipantsVideoAndUnpinsTheRest() throws Exception {
        annPublishesBobReceives();
        var video = bob.p().slotsByMid.get("4").consumer;
        onRoom(() -> {
            room.onPin(bob.p(), ann.p().id());
            return null;
        });
        assertTrue(ConsumerProbe.of(video).pinned());
        assertFalse(ConsumerProbe.of(bob.p().slotsByMid.get("2").consumer).pinned(), "audio is not pinned");
        onRoom(() -> {
            room.onPin(bob.p(), null);
            return null;
        });
        assertFalse(ConsumerProbe.of(video).pinned());
        assertCode("bad-request", () -> room.onPin(bob.p(), bob.p().id()));
        assertCode("unknown-participant", () -> room.onPin(bob.p(), "no-such-person"));
    }

    @Test
    void aPinMadeBeforeTheVideoArrivesAppliesWhenItDoes() throws Exception {
        onRoom(() -> {
            room.onPin(bob.p(), ann.p().id());
            return null;
        });
        annPublishesBobReceives();
        assertTrue(ConsumerProbe.of(bob.p().slotsByMid.get("4").consumer).pinned());
    }

    @Test
    void layersNeededBecomesALayersMessageToThePublisherInQualityOrder() throws Exception {
        annPublishesBobReceives();
        Producer video = producer(ann, "1");
        // the media worker calls the listener; it must hand off and return at once
        CompletableFuture.runAsync(() -> room.events().onLayersNeeded(video, Set.of("f", "q", "bogus"))).get();
        ObjectNode msg = ann.next("layers");
        assertEquals("{\"type\":\"layers\",\"mid\":\"1\",\"active\":[\"q\",\"f\"]}", msg.toString());
        room.events().onLayersNeeded(video, Set.of("q", "f")); // unchanged: not repeated
        room.events().onLayersNeeded(video, Set.of());
        assertEquals("[]", ann.next("layers").path("active").toString(), "everything paused");
        drainRoom();
        ann.assertNo("layers");
        bob.assertNo("layers");
        // a single-stream producer has no rids to switch
        room.events().onLayersNeeded(producer(ann, "0"), Set.of(""));
        drainRoom();
        ann.assertNo("layers");
    }

    @Test
    void dominantSpeakerBecomesActiveSpeakerForEveryone() throws Exception {
        annPublishesBobReceives();
        Producer annAudio = producer(ann, "0");
        room.events().onDominantSpeaker(annAudio);
        String expected = "{\"type\":\"active-speaker\",\"participantId\":\"" + ann.p().id() + "\"}";
        assertEquals(expected, ann.next("active-speaker").toString());
        assertEquals(expected, bob.next("active-speaker").toString());
        room.events().onDominantSpeaker(annAudio); // no change: no message
        drainRoom();
        ann.assertNo("active-speaker");
        // a newcomer learns the current speaker right after joining
        Peer cid = join("Cid");
        cid.next("joined");
        assertEquals(expected, cid.next("active-speaker").toString());
        room.events().onDominantSpeaker(null);
        assertEquals("{\"type\":\"active-speaker\",\"participantId\":null}", bob.next("active-speaker").toString());
    }

    interface Request {
        void run() throws Exception;
    }

    void assertCode(String code, Request r) throws Exception {
        try {
            onRoom(() -> {
                r.run();
                return null;
            });
            fail("expected " + code);
        } catch (SignalingError e) {
            assertEquals(code, e.code(), e.getMessage());
        }
    }

    @Test
    void theFixturesAreWhatTheTestsAssume() {
        SessionDescription offer = Fixtures.parse(Fixtures.text(Fixtures.CHROME156_SIMULCAST));
        assertEquals(List.of("0", "1"), offer.media().stream().map(MediaDescription::mid).toList());
        List<String> dirs = new ArrayList<>();
        Fixtures.parse(Fixtures.text(Fixtures.CHROME156_REOFFER)).media().forEach(m -> dirs.add(m.mid() + ":" + m.direction().sdpName()));
        assertEquals(List.of("0:sendonly", "1:sendonly", "2:recvonly", "3:recvonly", "4:recvonly", "5:recvonly"), dirs);
    }
}
