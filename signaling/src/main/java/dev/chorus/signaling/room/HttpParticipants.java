package dev.chorus.signaling.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.media.sfu.Producer;
import dev.chorus.signaling.protocol.PeerChannel;
import dev.chorus.signaling.protocol.SignalingError;
import dev.chorus.signaling.sdp.IceCandidate;
import dev.chorus.signaling.sdp.SdpParseException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Participants without a WebSocket (WHIP publishers, WHEP viewers): their channel is the HTTP
 * resource, which can carry nothing but the one answer, so server-initiated messages are dropped.
 * Every method runs on the room thread ({@link Room#execute}).
 */
public final class HttpParticipants {
    /** A joined participant and the answer to its offer. */
    public record Created(Participant participant, String answerSdp) {}

    /** The server's new ICE credentials and candidates after an ICE restart. */
    public record IceRestart(String ufrag, String pwd, List<String> candidates) {}

    private HttpParticipants() {}

    /** Drops every message but keeps the last answer's SDP. */
    private static final class AnswerChannel implements PeerChannel {
        volatile String answer;

        @Override
        public void send(ObjectNode message) {
            if ("answer".equals(message.path("type").asText())) {
                answer = message.path("sdp").asText();
            }
        }
    }

    /**
     * Joins {@code name} and applies {@code offerSdp}; on any failure the participant leaves again,
     * so nothing is left half-created.
     *
     * @param hidden a viewer nobody sees (WHEP); false for a publisher (WHIP)
     * @param source for a viewer in SFU mode: receive only this participant's tracks (null: anyone's,
     *               the active speaker's first)
     */
    public static Created join(Room room, String name, String offerSdp, String source, boolean hidden)
            throws SignalingError {
        AnswerChannel ch = new AnswerChannel();
        // a WHIP offer is sendonly (RFC 9725): the publisher never receives, so no tracks or MCU mix for it
        Participant p = room.join(name, ch, x -> { }, hidden, hidden);
        try {
            if (!room.mcuActive()) {
                preferSource(room, p, source);
            }
            room.onOffer(p, offerSdp);
            if (ch.answer == null) {
                throw new SignalingError("internal", "no answer was produced");
            }
            return new Created(p, ch.answer);
        } catch (SignalingError | RuntimeException e) {
            room.leave(p);
            throw e;
        }
    }

    /** Whether {@code participantId} is present in the room (room thread). */
    public static boolean present(Room room, String participantId) {
        return room.isPresent(participantId);
    }

    /** Puts the wanted source's tracks first in what the viewer waits for (only them, if given). */
    private static void preferSource(Room room, Participant p, String source) {
        String wanted = source != null ? source : room.speaker();
        if (wanted == null) {
            return;
        }
        List<Producer> first = new ArrayList<>();
        for (Iterator<Producer> it = p.pending.iterator(); it.hasNext(); ) {
            Producer prod = it.next();
            boolean match = wanted.equals(room.ownerOf(prod));
            if (match) {
                first.add(prod);
            }
            if (match || source != null) {
                it.remove();
            }
        }
        for (int i = first.size() - 1; i >= 0; i--) {
            p.pending.addFirst(first.get(i));
        }
    }

    /**
     * A trickle-ice-sdpfrag (RFC 8840): an ICE restart when {@code ufrag}/{@code pwd} differ from the
     * current ones, then the candidates of the current generation.
     *
     * @return the server's new credentials on a restart, else null
     */
    public static IceRestart iceFragment(Participant p, String ufrag, String pwd, List<String> candidates)
            throws SignalingError {
        if (p.left || p.transport == null) {
            throw new SignalingError("gone", "the session has ended");
        }
        boolean restart = ufrag != null && pwd != null && !new OfferIce.Remote(ufrag, pwd).equals(p.remoteIce);
        if (restart) {
            OfferIce.apply(p, ufrag, pwd, null);
        }
        for (String text : candidates) {
            try {
                IceCandidate c = IceCandidate.parse(text);
                if (OfferIce.current(p, c)) {
                    Room.addCandidate(p, c);
                }
            } catch (SdpParseException e) {
                throw new SignalingError("bad-request", "bad candidate: " + e.getMessage());
            }
        }
        if (!restart) {
            return null;
        }
        List<String> local = new ArrayList<>();
        int foundation = 1;
        for (InetAddress a : p.room.media().advertisedAddresses()) {
            String host = a.getHostAddress();
            int pct = host.indexOf('%');
            host = pct < 0 ? host : host.substring(0, pct);
            local.add(IceCandidate.of(Integer.toString(foundation), 1, "udp", 2130706431L - ++foundation, host,
                    p.room.media().udpPort(), IceCandidate.Type.HOST).toCandidateString());
        }
        return new IceRestart(p.transport.iceUfrag(), p.transport.icePassword(), local);
    }

    /** The participant's first media mid (for the answer fragment), or null. */
    public static String firstMid(Participant p) {
        for (MediaSlot s : p.slots) {
            if (s.role != MediaSlot.Role.REJECTED && s.mid != null) {
                return s.mid;
            }
        }
        return null;
    }

    /** Whether the participant publishes at least one track. */
    public static boolean publishes(Participant p) {
        return !p.publishedProducers().isEmpty();
    }
}
