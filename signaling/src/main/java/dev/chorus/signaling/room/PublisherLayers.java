package dev.chorus.signaling.room;

import dev.chorus.media.sfu.LayerParams;
import dev.chorus.signaling.sdp.HeaderExtension;
import dev.chorus.signaling.sdp.MediaDescription;
import dev.chorus.signaling.sdp.Rid;
import dev.chorus.signaling.sdp.RidDirection;
import dev.chorus.signaling.sdp.Simulcast;
import dev.chorus.signaling.sdp.Ssrc;
import dev.chorus.signaling.sdp.SsrcGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * The encodings a publisher's m-line carries, lowest quality first, and the a=rid / a=simulcast lines
 * that accept them.
 *
 * <p>Three shapes: RID simulcast (Chrome, Firefox, Safari: {@code a=rid:<id> send} + {@code
 * a=simulcast:send}; SSRCs unknown until the media core reads the RID / repaired-RID header
 * extensions), legacy SSRC simulcast ({@code a=ssrc-group:SIM}, low to high as libwebrtc lists them,
 * {@code FID} groups naming each layer's RTX SSRC) and a single stream.
 *
 * <p>RID layer order: the rids' own {@code max-width} (else {@code max-height}) restrictions when every
 * rid has one; else the q(uarter) &lt; h(alf) &lt; f(ull) naming our client and many others use when
 * every rid is one of those; else the offer's order, which is lowest first for our client and
 * mediasoup-client (libwebrtc keeps sendEncodings order).
 */
final class PublisherLayers {
    /** More layers than this are answered away (RFC 8853 lets the answerer drop streams). */
    static final int MAX_LAYERS = 3;
    /** RFC 8851 rid-id syntax, and at most 16 bytes so the one-byte RID header extension can carry it. */
    private static final Pattern RID_ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    private static final List<String> KNOWN_ORDER = List.of("q", "h", "f");

    /**
     * @param layers       for ProducerParams, lowest quality first
     * @param answerRids   a=rid lines of the answer (recv), empty without RID simulcast
     * @param answerSimulcast a=simulcast of the answer, or null without RID simulcast
     */
    record Plan(List<LayerParams> layers, List<Rid> answerRids, Simulcast answerSimulcast) {
        /** True when the publisher can be told to pause encodings by rid (the `layers` message). */
        boolean ridSimulcast() {
            return answerSimulcast != null;
        }
    }

    private PublisherLayers() {}

    static Plan plan(MediaDescription m) {
        if (MediaDescription.VIDEO.equals(m.kind())) {
            Plan rid = ridSimulcast(m);
            if (rid != null) {
                return rid;
            }
            Plan legacy = ssrcSimulcast(m);
            if (legacy != null) {
                return legacy;
            }
        }
        long ssrc = primarySsrc(m);
        return new Plan(List.of(new LayerParams("", ssrc, rtxSsrcs(m).getOrDefault(ssrc, 0L))), List.of(), null);
    }

    private static Plan ridSimulcast(MediaDescription m) {
        Simulcast offered = m.simulcast();
        // without the RID header extension the packets of the layers could not be told apart
        if (offered == null || offered.send().isEmpty() || m.extensionId(HeaderExtension.RTP_STREAM_ID).isEmpty()) {
            return null;
        }
        Map<String, Rid> sendRids = new LinkedHashMap<>();
        for (Rid r : m.rids()) {
            if (r.direction() == RidDirection.SEND && RID_ID.matcher(r.id()).matches()) {
                sendRids.put(r.id(), r);
            }
        }
        // one alternative per stream (the first we can use); ~paused stays paused
        List<Simulcast.Stream> streams = new ArrayList<>();
        for (List<Simulcast.Stream> alternatives : offered.send()) {
            if (streams.size() == MAX_LAYERS) {
                break;
            }
            alternatives.stream()
                    .filter(s -> sendRids.containsKey(s.rid()) && streams.stream().noneMatch(x -> x.rid().equals(s.rid())))
                    .findFirst().ifPresent(streams::add);
        }
        if (streams.isEmpty()) {
            return null;
        }
        List<Rid> answerRids = new ArrayList<>();
        List<List<Simulcast.Stream>> recv = new ArrayList<>();
        List<String> offerOrder = new ArrayList<>();
        for (Simulcast.Stream s : streams) {
            answerRids.add(new Rid(s.rid(), RidDirection.RECV));
            recv.add(List.of(s));
            offerOrder.add(s.rid());
        }
        List<LayerParams> layers = lowToHigh(offerOrder, sendRids).stream()
                .map(rid -> new LayerParams(rid, 0, 0)).toList();
        return new Plan(layers, answerRids, new Simulcast(List.of(), recv));
    }

    /** The rids ordered lowest quality first (see the class comment). */
    static List<String> lowToHigh(List<String> offerOrder, Map<String, Rid> declared) {
        ToIntFunction<String> width = rid -> restriction(declared.get(rid), "max-width");
        ToIntFunction<String> height = rid -> restriction(declared.get(rid), "max-height");
        List<String> sorted = new ArrayList<>(offerOrder);
        if (offerOrder.stream().allMatch(r -> width.applyAsInt(r) > 0)) {
            sorted.sort(Comparator.comparingInt(width)); // stable: equal sizes keep the offer's order
        } else if (offerOrder.stream().allMatch(r -> height.applyAsInt(r) > 0)) {
            sorted.sort(Comparator.comparingInt(height));
        } else if (KNOWN_ORDER.containsAll(offerOrder)) {
            sorted.sort(Comparator.comparingInt(KNOWN_ORDER::indexOf));
        }
        return sorted;
    }

    private static int restriction(Rid rid, String key) {
        String v = rid == null ? null : rid.restrictionMap().get(key);
        if (v == null || v.isEmpty() || v.length() > 6 || !v.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(v);
    }

    private static Plan ssrcSimulcast(MediaDescription m) {
        List<SsrcGroup> sim = m.ssrcGroups(SsrcGroup.SIM);
        if (sim.isEmpty() || sim.get(0).ssrcs().size() < 2) {
            return null;
        }
        Map<Long, Long> rtx = rtxSsrcs(m);
        List<LayerParams> layers = new ArrayList<>();
        List<Long> ssrcs = sim.get(0).ssrcs();
        for (int i = 0; i < ssrcs.size() && i < MAX_LAYERS; i++) {
            // no rid on the wire: a synthetic one ("0" = lowest) names the layer for the media core
            layers.add(new LayerParams(Integer.toString(i), ssrcs.get(i), rtx.getOrDefault(ssrcs.get(i), 0L)));
        }
        return new Plan(layers, List.of(), null);
    }

    /** Media SSRC → RTX SSRC from a=ssrc-group:FID lines. */
    private static Map<Long, Long> rtxSsrcs(MediaDescription m) {
        Map<Long, Long> out = new HashMap<>();
        for (SsrcGroup g : m.ssrcGroups(SsrcGroup.FID)) {
            if (g.ssrcs().size() == 2) {
                out.putIfAbsent(g.ssrcs().get(0), g.ssrcs().get(1));
            }
        }
        return out;
    }

    /** The media SSRC from a=ssrc lines, skipping RTX/FEC SSRCs named second in a group; 0 if none. */
    static long primarySsrc(MediaDescription m) {
        Set<Long> secondary = new HashSet<>();
        for (SsrcGroup g : m.ssrcGroups()) {
            if (!SsrcGroup.SIM.equals(g.semantics())) {
                secondary.addAll(g.ssrcs().subList(1, g.ssrcs().size()));
            }
        }
        for (Ssrc s : m.ssrcs()) {
            if (!secondary.contains(s.ssrc())) {
                return s.ssrc();
            }
        }
        return 0;
    }
}
