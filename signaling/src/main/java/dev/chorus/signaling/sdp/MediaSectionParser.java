package dev.chorus.signaling.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accumulates the lines of one m= section. Codecs are assembled only in {@link #finish()} because
 * Firefox writes a=fmtp and a=rtcp-fb before the a=rtpmap they belong to.
 *
 * <p>Policy: a known attribute with a malformed value, or a conflicting duplicate of a
 * single-valued one, is rejected (the offer would be ambiguous). Unknown attributes, and lines
 * referring to payload types missing from the m= line, are kept verbatim in otherAttributes.
 */
final class MediaSectionParser {
    private final int mLineNumber;
    private final MediaDescription.Builder builder = MediaDescription.builder();
    private final String kind;
    private final boolean rtp;
    private final Set<Integer> payloadTypes = new LinkedHashSet<>();
    private final Map<Integer, Codec> rtpmaps = new HashMap<>();
    private final Map<Integer, String> fmtps = new HashMap<>();
    private final Map<Integer, List<String>> feedback = new HashMap<>();
    private final Map<Long, Map<String, String>> ssrcs = new LinkedHashMap<>();
    private final Set<String> seenSingletons = new HashSet<>();
    private final Set<Integer> extmapIds = new HashSet<>();
    private final Set<String> ridIds = new HashSet<>();
    private final List<String> bandwidths = new ArrayList<>();
    private final List<String> iceOptions = new ArrayList<>();
    private final List<HeaderExtension> extensions = new ArrayList<>();
    private final List<IceCandidate> candidates = new ArrayList<>();
    private final List<SsrcGroup> ssrcGroups = new ArrayList<>();
    private final List<Rid> rids = new ArrayList<>();
    private final List<String> other = new ArrayList<>();
    private Connection connection;

    MediaSectionParser(SdpLine mLine) throws SdpParseException {
        this.mLineNumber = mLine.number();
        String[] t = mLine.value().strip().split("\\s+");
        if (t.length < 4) {
            throw new SdpParseException("m= line must be '<media> <port> <proto> <fmt> ...'");
        }
        kind = t[0];
        if (t[1].contains("/")) {
            throw new SdpParseException("m= port ranges ('" + SdpParseException.quote(t[1]) + "') are not supported");
        }
        builder.kind(kind).port(SdpNumbers.parseInt(t[1], 0, 65535, "m= port")).protocol(t[2]);
        rtp = t[2].contains("RTP/");
        List<String> formats = new ArrayList<>();
        for (int i = 3; i < t.length; i++) {
            if (rtp) {
                int pt = SdpNumbers.parseInt(t[i], 0, 127, "m= payload type");
                if (!payloadTypes.add(pt)) {
                    throw new SdpParseException("m= line lists payload type " + pt + " twice");
                }
            }
            formats.add(t[i]);
        }
        builder.formats(formats);
    }

    int lineNumber() {
        return mLineNumber;
    }

    void accept(SdpLine line) throws SdpParseException {
        switch (line.type()) {
            case 'c' -> {
                requireOnce("c=");
                connection = Connection.parse(line.value());
            }
            case 'b' -> bandwidths.add(line.value().strip());
            case 'a' -> attribute(line);
            default -> {
                // i=, k= and other informational lines have no meaning for WebRTC
            }
        }
    }

    private void attribute(SdpLine line) throws SdpParseException {
        String name = line.attributeName();
        String value = line.attributeValue();
        switch (name) {
            case "mid" -> {
                requireOnce(name);
                String mid = required(name, value);
                if (mid.chars().anyMatch(Character::isWhitespace)) {
                    throw new SdpParseException("mid must not contain whitespace");
                }
                builder.mid(mid);
            }
            case "rtcp" -> {
                requireOnce(name);
                builder.rtcp(required(name, value));
            }
            case "ice-ufrag" -> {
                requireOnce(name);
                builder.iceUfrag(required(name, value));
            }
            case "ice-pwd" -> {
                requireOnce(name);
                builder.icePwd(required(name, value));
            }
            case "ice-options" -> iceOptions.addAll(tokens(required(name, value)));
            case "fingerprint" -> {
                // several fingerprints (one per hash function) are legal; the first is modelled
                if (seenSingletons.add(name)) {
                    builder.fingerprint(Fingerprint.parse(required(name, value)));
                } else {
                    other.add(line.value());
                }
            }
            case "setup" -> {
                requireOnce(name);
                builder.setup(required(name, value));
            }
            case "extmap" -> {
                HeaderExtension ext = HeaderExtension.parse(required(name, value));
                if (!extmapIds.add(ext.id())) {
                    throw new SdpParseException("extmap id " + ext.id() + " is used twice");
                }
                extensions.add(ext);
            }
            case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                requireOnce("direction attribute");
                builder.direction(Direction.fromSdpName(name).orElseThrow());
            }
            case "msid" -> {
                // RFC 8830 allows one msid per stream the track belongs to; the first is modelled
                if (seenSingletons.add(name)) {
                    builder.msid(Msid.parse(required(name, value)));
                } else {
                    other.add(line.value());
                }
            }
            case "rtcp-mux" -> builder.rtcpMux(true);
            case "rtcp-rsize" -> builder.rtcpRsize(true);
            case "end-of-candidates" -> builder.endOfCandidates(true);
            case "rtpmap" -> rtpmap(line, required(name, value));
            case "fmtp" -> fmtp(line, required(name, value));
            case "rtcp-fb" -> rtcpFeedback(line, required(name, value));
            case "rid" -> {
                Rid rid = Rid.parse(required(name, value));
                if (!ridIds.add(rid.id())) {
                    throw new SdpParseException("rid '" + SdpParseException.quote(rid.id()) + "' is declared twice");
                }
                rids.add(rid);
            }
            case "simulcast" -> {
                requireOnce(name);
                builder.simulcast(Simulcast.parse(required(name, value)));
            }
            case "ssrc-group" -> ssrcGroups.add(SsrcGroup.parse(required(name, value)));
            case "ssrc" -> ssrc(required(name, value));
            case "candidate" -> candidates.add(IceCandidate.parse(required(name, value)));
            case "sctp-port" -> {
                requireOnce(name);
                builder.sctpPort(SdpNumbers.parseInt(required(name, value), 1, 65535, "sctp-port"));
            }
            case "max-message-size" -> {
                requireOnce(name);
                builder.maxMessageSize(
                        SdpNumbers.parseLong(required(name, value), 0, Long.MAX_VALUE, "max-message-size"));
            }
            default -> other.add(line.value());
        }
    }

    private void rtpmap(SdpLine line, String value) throws SdpParseException {
        if (!rtp) {
            other.add(line.value());
            return;
        }
        Codec codec = Codec.parseRtpmap(value);
        if (!payloadTypes.contains(codec.payloadType())) {
            other.add(line.value()); // tolerated: a mapping for a format the m= line does not offer
        } else if (rtpmaps.putIfAbsent(codec.payloadType(), codec) != null) {
            throw new SdpParseException("second rtpmap for payload type " + codec.payloadType());
        }
    }

    private void fmtp(SdpLine line, String value) throws SdpParseException {
        String[] t = value.split("\\s+", 2);
        if (!rtp) {
            other.add(line.value()); // e.g. legacy "fmtp:webrtc-datachannel ..."
            return;
        }
        int pt = SdpNumbers.parseInt(t[0], 0, 127, "fmtp payload type");
        if (!payloadTypes.contains(pt)) {
            other.add(line.value());
        } else if (fmtps.putIfAbsent(pt, t.length == 2 ? t[1].strip() : "") != null) {
            throw new SdpParseException("second fmtp for payload type " + pt);
        }
    }

    private void rtcpFeedback(SdpLine line, String value) throws SdpParseException {
        String[] t = value.split("\\s+", 2);
        if (!rtp || t[0].equals("*")) {
            other.add(line.value()); // wildcard feedback is legal but unused by browsers
            return;
        }
        int pt = SdpNumbers.parseInt(t[0], 0, 127, "rtcp-fb payload type");
        if (t.length < 2 || t[1].isBlank()) {
            throw new SdpParseException("rtcp-fb needs a feedback type");
        }
        if (!payloadTypes.contains(pt)) {
            other.add(line.value());
        } else {
            // normalise inner spacing so "nack  pli" compares equal to "nack pli"
            feedback.computeIfAbsent(pt, k -> new ArrayList<>()).add(String.join(" ", tokens(t[1])));
        }
    }

    private void ssrc(String value) throws SdpParseException {
        String[] t = value.split("\\s+", 2);
        long ssrc = SdpNumbers.parseLong(t[0], 0, Ssrc.MAX, "ssrc");
        Map<String, String> attrs = ssrcs.computeIfAbsent(ssrc, k -> new LinkedHashMap<>());
        if (t.length == 2) {
            String attr = t[1].strip();
            int colon = attr.indexOf(':');
            String key = colon < 0 ? attr : attr.substring(0, colon);
            if (key.isEmpty()) {
                throw new SdpParseException("ssrc attribute has no name");
            }
            attrs.putIfAbsent(key, colon < 0 ? "" : attr.substring(colon + 1));
        }
    }

    MediaDescription finish() {
        List<Codec> codecs = new ArrayList<>();
        for (int pt : payloadTypes) {
            Codec base = rtpmaps.containsKey(pt) ? rtpmaps.get(pt) : Codec.staticPayloadType(pt);
            if (base == null) {
                // unknown dynamic payload type: keep its parameters verbatim rather than lose them
                if (fmtps.containsKey(pt)) {
                    other.add("fmtp:" + pt + " " + fmtps.get(pt));
                }
                feedback.getOrDefault(pt, List.of()).forEach(fb -> other.add("rtcp-fb:" + pt + " " + fb));
                continue;
            }
            codecs.add(base.withFmtp(fmtps.getOrDefault(pt, ""))
                    .withRtcpFeedback(feedback.getOrDefault(pt, List.of())));
        }
        List<Ssrc> ssrcList = new ArrayList<>();
        ssrcs.forEach((id, attrs) -> ssrcList.add(new Ssrc(id, attrs)));
        return builder.connection(connection).bandwidths(bandwidths).iceOptions(iceOptions)
                .extensions(extensions).candidates(candidates).ssrcGroups(ssrcGroups).rids(rids)
                .codecs(codecs).ssrcs(ssrcList).otherAttributes(other).build();
    }

    private void requireOnce(String name) throws SdpParseException {
        if (!seenSingletons.add(name)) {
            throw new SdpParseException("duplicate " + name + " in m= section starting at line " + mLineNumber);
        }
    }

    static String required(String name, String value) throws SdpParseException {
        if (value == null || value.isEmpty()) {
            throw new SdpParseException("a=" + name + " needs a value");
        }
        return value;
    }

    static List<String> tokens(String value) {
        String s = value.strip();
        return s.isEmpty() ? List.of() : List.of(s.split("\\s+"));
    }
}
