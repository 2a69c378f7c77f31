package dev.chorus.signaling.room;

import dev.chorus.media.sfu.CodecParams;
import dev.chorus.media.sfu.HeaderExtensionUris;
import dev.chorus.signaling.sdp.Codec;
import dev.chorus.signaling.sdp.Connection;
import dev.chorus.signaling.sdp.Direction;
import dev.chorus.signaling.sdp.Fingerprint;
import dev.chorus.signaling.sdp.HeaderExtension;
import dev.chorus.signaling.sdp.IceCandidate;
import dev.chorus.signaling.sdp.MediaDescription;
import dev.chorus.signaling.sdp.Msid;
import dev.chorus.signaling.sdp.Origin;
import dev.chorus.signaling.sdp.SessionDescription;
import dev.chorus.signaling.sdp.Ssrc;
import dev.chorus.signaling.sdp.SsrcGroup;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes the server's answer for one offer from the participant's slots. */
final class AnswerBuilder {
    /** Feedback we answer (when offered): loss repair, keyframes, and both bandwidth estimators' reports. */
    private static final Set<String> VIDEO_FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "transport-cc", "goog-remb");
    private static final Set<String> AUDIO_FEEDBACK = Set.of("transport-cc");
    /** Publisher m-lines: MID/RID/repaired-RID bind the streams we receive (plus forwardable ones). */
    private static final Set<String> PUBLISH_EXTENSIONS = Set.of(HeaderExtensionUris.MID, HeaderExtensionUris.RID,
            HeaderExtensionUris.REPAIRED_RID);
    /** ... and transport-cc, when the room negotiates it with publishers (Room#publisherTransportCc). */
    private static final Set<String> PUBLISH_EXTENSIONS_TCC = Set.of(HeaderExtensionUris.MID, HeaderExtensionUris.RID,
            HeaderExtensionUris.REPAIRED_RID, HeaderExtensionUris.TRANSPORT_CC);
    /** Receiver m-lines: transport-cc so the server can run its send-side estimator (plus forwardable ones). */
    private static final Set<String> RECEIVE_EXTENSIONS = Set.of(HeaderExtensionUris.TRANSPORT_CC);

    record LocalIce(String ufrag, String pwd, String fingerprint, List<InetAddress> addresses, int port) {}

    private AnswerBuilder() {}

    static SessionDescription build(SessionDescription offer, Participant p, LocalIce ice) {
        List<MediaDescription> media = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            MediaSlot slot = p.slotsByMid.get(m.mid());
            MediaDescription a = answerFor(m, slot, p, ice);
            media.add(a);
            if (a.port() != 0) {
                bundle.add(m.mid());
            }
        }
        return SessionDescription.builder()
                .origin(Origin.of(sessionId(p), ++p.answerVersion))
                .sessionName("-")
                .bundleMids(bundle)
                .msidSemantics(List.of("WMS"))
                .extmapAllowMixed(offer.extmapAllowMixed())
                .media(media)
                .build();
    }

    private static String sessionId(Participant p) {
        return Long.toString(Math.abs((long) p.id.hashCode()) + 1_000_000L);
    }

    private static MediaDescription answerFor(MediaDescription m, MediaSlot slot, Participant p, LocalIce ice) {
        MediaDescription.Builder b = MediaDescription.builder()
                .kind(m.kind())
                .protocol(m.protocol())
                .mid(m.mid());
        if (slot == null || slot.role == MediaSlot.Role.REJECTED) {
            return b.port(0).formats(m.formats()).codecs(m.codecs().isEmpty() ? List.of() : List.of(m.codecs().get(0)))
                    .direction(Direction.INACTIVE).build();
        }
        b.port(9)
                .connection(Connection.IP4_ANY)
                .iceUfrag(ice.ufrag())
                .icePwd(ice.pwd())
                .fingerprint(new Fingerprint("sha-256", ice.fingerprint()))
                .setup("passive")
                .rtcpMux(true)
                .rtcpRsize(m.rtcpRsize());
        List<IceCandidate> cands = new ArrayList<>();
        int foundation = 1;
        for (InetAddress a : ice.addresses()) {
            cands.add(IceCandidate.of(Integer.toString(foundation++), 1, "udp", 2130706431L - foundation,
                    hostAddress(a), ice.port(), IceCandidate.Type.HOST));
        }
        b.candidates(cands).endOfCandidates(true);
        boolean video = "video".equals(m.kind());
        boolean tcc = p.room.publisherTransportCc();
        switch (slot.role) {
            case PUBLISH -> {
                b.codecs(codecs(m, slot.codec, video, tcc))
                        .extensions(publisherExtensions(m, tcc))
                        .direction(m.direction().sends() ? Direction.RECVONLY : Direction.INACTIVE);
                if (slot.layers != null && slot.layers.ridSimulcast()) {
                    b.rids(slot.layers.answerRids()).simulcast(slot.layers.answerSimulcast());
                }
            }
            case ASSIGNED, RESERVED -> {
                // a reserved m-line has no track yet: it is announced under its own stream/track ids
                boolean reserved = slot.role == MediaSlot.Role.RESERVED;
                String stream = reserved ? "chorus-" + p.room.id() : slot.sourceParticipantId;
                String track = reserved ? "waiting-" + slot.mid : slot.producer.trackId();
                List<Ssrc> ssrcs = new ArrayList<>();
                ssrcs.add(new Ssrc(slot.ssrc, ssrcAttributes(stream, track)));
                if (slot.rtxSsrc != 0) {
                    // RFC 4588: the FID group tells the receiver which SSRC repairs which
                    ssrcs.add(new Ssrc(slot.rtxSsrc, ssrcAttributes(stream, track)));
                    b.ssrcGroups(List.of(new SsrcGroup(SsrcGroup.FID, List.of(slot.ssrc, slot.rtxSsrc))));
                }
                b.codecs(codecs(m, slot.codec, video, true))
                        .extensions(receiverExtensions(m))
                        .direction(Direction.SENDONLY)
                        .msid(new Msid(stream, track))
                        .ssrcs(ssrcs);
            }
            default -> {
                Codec c = m.codecs().get(0);
                b.codecs(List.of(c)).formats(List.of(Integer.toString(c.payloadType())))
                        .direction(Direction.INACTIVE);
            }
        }
        return b.build();
    }

    /** IPv6 scope ids (fe80::1%eth0) mean nothing to the peer and break SDP parsers. */
    private static String hostAddress(InetAddress a) {
        String s = a.getHostAddress();
        int pct = s.indexOf('%');
        return pct < 0 ? s : s.substring(0, pct);
    }

    private static Map<String, String> ssrcAttributes(String stream, String track) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("cname", "chorus-" + stream);
        attrs.put("msid", stream + " " + track);
        return attrs;
    }

    /** The negotiated codec as the offer wrote it, then its RTX format if one was negotiated with it. */
    private static List<Codec> codecs(MediaDescription m, CodecParams chosen, boolean video, boolean transportCc) {
        List<Codec> out = new ArrayList<>();
        out.add(withFeedback(m.codec(chosen.payloadType()).orElseThrow(), video, transportCc));
        if (chosen.rtxPayloadType() >= 0) {
            m.codec(chosen.rtxPayloadType()).ifPresent(rtx -> out.add(rtx.withRtcpFeedback(List.of())));
        }
        return out;
    }

    private static Codec withFeedback(Codec c, boolean video, boolean transportCc) {
        Set<String> accepted = video ? VIDEO_FEEDBACK : AUDIO_FEEDBACK;
        return c.withRtcpFeedback(c.rtcpFeedback().stream()
                .filter(f -> accepted.contains(f) && (transportCc || !f.equals("transport-cc"))).toList());
    }

    /**
     * A publisher's extensions. transport-cc only when the room negotiates it with publishers: a browser
     * that negotiated it but gets no transport-cc feedback lets its send-side estimate decay.
     */
    static List<HeaderExtension> publisherExtensions(MediaDescription m, boolean transportCc) {
        return accepted(m, transportCc ? PUBLISH_EXTENSIONS_TCC : PUBLISH_EXTENSIONS);
    }

    static List<HeaderExtension> receiverExtensions(MediaDescription m) {
        return accepted(m, RECEIVE_EXTENSIONS);
    }

    /**
     * The offer's extensions we act on, with their ids. Never abs-send-time: the media core estimates with
     * transport-cc; audio level and video orientation are forwarded to receivers as the publisher sent them.
     */
    private static List<HeaderExtension> accepted(MediaDescription m, Set<String> wanted) {
        List<HeaderExtension> out = new ArrayList<>();
        for (HeaderExtension e : m.extensions()) {
            if (HeaderExtensionUris.forwardable(e.uri()) || wanted.contains(e.uri())) {
                out.add(new HeaderExtension(e.id(), e.uri()));
            }
        }
        return out;
    }

    static Map<String, Integer> extensionMap(List<HeaderExtension> exts) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (HeaderExtension e : exts) {
            m.put(e.uri(), e.id());
        }
        return m;
    }
}
